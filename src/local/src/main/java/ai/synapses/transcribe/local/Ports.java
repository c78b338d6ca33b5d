package ai.synapses.transcribe.local;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

final class Ports {
    private Ports() {
    }

    static boolean isListening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
