package ai.synapses.transcribe.egress;

import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpStatus;
import org.apache.hc.core5.http.MessageConstraintException;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.io.DefaultHttpResponseParser;
import org.apache.hc.core5.http.io.HttpMessageParser;
import org.apache.hc.core5.http.io.HttpMessageParserFactory;
import org.apache.hc.core5.http.io.SessionInputBuffer;

import java.io.IOException;
import java.io.InputStream;

/**
 * Response parsers (one per connection) that refuse more than {@code max} interim (1xx) answers in a row.
 * HTTP lets a server send any number of them before the real answer, and the client reads them all; a
 * host repeating {@code 102 Processing} would keep a caller busy until the deadline and make it parse an
 * unbounded number of heads.
 */
final class InterimResponseLimit implements HttpMessageParserFactory<ClassicHttpResponse> {

    private final Http1Config config;
    private final int max;

    InterimResponseLimit(Http1Config config, int max) {
        this.config = config;
        this.max = max;
    }

    @Override
    public HttpMessageParser<ClassicHttpResponse> create() {
        return new CountingParser(config, max);
    }

    @Deprecated
    @Override
    public HttpMessageParser<ClassicHttpResponse> create(Http1Config ignored) {
        return create();
    }

    private static final class CountingParser extends DefaultHttpResponseParser {
        private final int max;
        private int interim;

        CountingParser(Http1Config config, int max) {
            super(config);
            this.max = max;
        }

        @Override
        public ClassicHttpResponse parse(SessionInputBuffer buffer, InputStream in) throws IOException, HttpException {
            ClassicHttpResponse response = super.parse(buffer, in);
            if (response != null && response.getCode() < HttpStatus.SC_SUCCESS) {
                if (++interim > max) {
                    throw new MessageConstraintException("more than " + max + " interim (1xx) responses without an answer");
                }
            } else {
                interim = 0;
            }
            return response;
        }
    }
}
