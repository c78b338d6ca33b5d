package ai.synapses.transcribe.egress;

import org.apache.hc.client5.http.io.DetachedSocketFactory;

import java.net.Proxy;
import java.net.Socket;

/** Plain sockets for new connections, each handed to the exchange being opened so its deadline can close it mid-connect. */
final class DeadlineSockets implements DetachedSocketFactory {

    @Override
    public Socket create(Proxy proxy) {
        Socket socket = proxy == null ? new Socket() : new Socket(proxy);
        Exchange exchange = Exchange.opening();
        if (exchange != null) {
            exchange.adopt(socket);
        }
        return socket;
    }
}
