package ai.synapses.transcribe.egress;

import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.io.ModalCloseable;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Optional;

/**
 * An answer whose body has not been read yet. The caller reads what it needs and closes it: a body read
 * to its end gives the connection back to the pool; a body left half-read drops the connection instead,
 * because draining a large file just to reuse a connection costs more than a new TLS handshake.
 * Read failures surface as {@link EgressException} ({@code timeout}, {@code unreachable}); at the exchange's
 * deadline the connection is closed under a blocked read, which then fails with {@code timeout}.
 */
public final class EgressResponse implements Closeable {

    /** Error and redirect bodies up to this size are drained so the connection can be reused. */
    private static final int DRAIN_LIMIT = 16 * 1024;

    private final URI url;
    private final String host;
    private final ClassicHttpResponse response;
    private final Exchange exchange;
    private final GuardedStream body;

    /** Reading stops at the {@code exchange}'s deadline; closing ends the exchange. */
    EgressResponse(EgressUrl target, ClassicHttpResponse response, Exchange exchange) throws EgressException {
        this.url = target.uri();
        this.host = target.host();
        this.response = response;
        this.exchange = exchange;
        HttpEntity entity = response.getEntity();
        try {
            this.body = new GuardedStream(entity == null ? InputStream.nullInputStream() : entity.getContent(), contentLength());
        } catch (IOException e) {
            EgressException failure = failure(e);
            abort();
            throw failure;
        }
    }

    public int status() {
        return response.getCode();
    }

    /** The URL that answered (after redirects). */
    public URI url() {
        return url;
    }

    public Optional<String> header(String name) {
        Header header = response.getFirstHeader(name);
        return header == null ? Optional.empty() : Optional.of(header.getValue());
    }

    /** The declared body length, -1 when the server did not say (chunked). */
    public long contentLength() {
        HttpEntity entity = response.getEntity();
        return entity == null ? 0 : entity.getContentLength();
    }

    /** The body; read failures are {@link EgressException}s. Closing this response is enough, closing the stream is optional. */
    public InputStream body() {
        return body;
    }

    /** Bytes of the body read so far, through any of the reading methods. */
    public long bytesRead() {
        return body.count;
    }

    /** The whole body, refused with {@code too_large} beyond {@code maxBytes}. */
    public byte[] readAll(int maxBytes) throws EgressException {
        byte[] bytes = readUpTo(maxBytes);
        if (bytes.length == maxBytes && readUpTo(1).length > 0) {
            throw new EgressException(EgressException.Reason.TOO_LARGE,
                    "the response from " + host + " is larger than " + maxBytes + " bytes");
        }
        return bytes;
    }

    /** Up to {@code length} bytes of the body; fewer only at its end. */
    public byte[] readUpTo(int length) throws EgressException {
        try {
            return body.readNBytes(length);
        } catch (EgressException e) {
            throw e;
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /** Skips up to {@code count} bytes; returns how many were skipped (fewer only at the end of the body). */
    public long skip(long count) throws EgressException {
        byte[] buffer = new byte[(int) Math.min(count, 64 * 1024)];
        long skipped = 0;
        while (skipped < count) {
            int n;
            try {
                n = body.read(buffer, 0, (int) Math.min(buffer.length, count - skipped));
            } catch (EgressException e) {
                throw e;
            } catch (IOException e) {
                throw failure(e);
            }
            if (n < 0) {
                break;
            }
            skipped += n;
        }
        return skipped;
    }

    /** Reads and drops a small remaining body so the connection goes back to the pool, then closes. */
    void discard() {
        long remaining = contentLength() - body.count;
        if (!body.eof && contentLength() >= 0 && remaining <= DRAIN_LIMIT) {
            try {
                skip(remaining + 1);
            } catch (EgressException ignored) {
                // close() below drops the connection
            }
        }
        close();
    }

    @Override
    public void close() {
        exchange.end();
        if (body.finished()) {
            try {
                response.close(); // nothing left to drain: the connection stays pooled
            } catch (IOException ignored) {
                // the connection is discarded by the client
            }
        } else {
            abort();
        }
    }

    /** A read failure; a {@code timeout} when the deadline closed the connection under it. */
    private EgressException failure(IOException e) {
        return exchange.expired() ? exchange.deadline().exceeded(host) : SafeHttpClient.translate(e, host);
    }

    private void abort() {
        exchange.end();
        exchange.abandon();
        if (response instanceof ModalCloseable modal) {
            modal.close(CloseMode.IMMEDIATE);
        } else {
            try {
                response.close();
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }

    /** Counts bytes, notices the end, and turns socket failures into egress reasons. */
    private final class GuardedStream extends FilterInputStream {
        private final long declaredLength;
        private long count;
        private boolean eof;

        GuardedStream(InputStream in, long declaredLength) {
            super(in);
            this.declaredLength = declaredLength;
        }

        boolean finished() {
            return eof || (declaredLength >= 0 && count >= declaredLength);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (eof) {
                return -1;
            }
            exchange.deadline().check(host);
            try {
                int n = in.read(buffer, offset, length);
                if (n < 0) {
                    eof = true;
                } else {
                    count += n;
                }
                return n;
            } catch (IOException e) {
                throw failure(e);
            }
        }

        @Override
        public long skip(long n) throws IOException {
            return EgressResponse.this.skip(n);
        }

        @Override
        public void close() {
            EgressResponse.this.close();
        }
    }
}
