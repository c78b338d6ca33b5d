package ai.synapses.transcribe.processing;

import ai.synapses.transcribe.decoding.AudioProcessingException;
import ai.synapses.transcribe.decoding.DecodingOptions;
import ai.synapses.transcribe.decoding.DecodingSettings;
import ai.synapses.transcribe.decoding.DownloadedAudio;
import ai.synapses.transcribe.egress.EgressException;
import ai.synapses.transcribe.egress.EgressResponse;
import ai.synapses.transcribe.egress.FetchSettings;
import ai.synapses.transcribe.egress.SafeHttpClient;
import ai.synapses.transcribe.transcript.EngineSettings;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Streams a customer's audio URL to a temporary file through {@link SafeHttpClient}: the same SSRF guard as
 * the submit (https only, every address and every redirect checked), at most {@code maxDownloadBytes}
 * (refused up front when Content-Length announces more, and cut off as soon as the body passes the limit
 * when it does not), 64 KB of memory whatever the size. Nothing is left on disk when it fails.
 *
 * <p>The client's total time-out bounds the whole download, body included, as a hard deadline: the
 * connection is closed when it passes, whatever the host is doing. Built by CDI (or by
 * {@link #AudioDownloader(FetchSettings, DecodingOptions)}), the downloader has its own client whose total
 * time-out is {@code transcribe.decoding.download-timeout} (the probe's 30 s would cut large files off);
 * given a client, it uses that client's time-outs. Thread-safe.
 */
@ApplicationScoped
public class AudioDownloader implements AutoCloseable {

    private static final int BUFFER = 64 * 1024;

    private final SafeHttpClient client;
    private final boolean ownsClient;
    private final DecodingOptions options;

    @Inject
    public AudioDownloader(FetchSettings fetch, DecodingSettings decoding, EngineSettings engine) {
        this(fetch, DecodingOptions.of(decoding, engine));
    }

    /** With a client of its own: {@code fetch}'s policy and trust store, {@code options.downloadTimeout()} in total. */
    public AudioDownloader(FetchSettings fetch, DecodingOptions options) {
        this(new SafeHttpClient(withTotalTimeout(fetch, options.downloadTimeout())), true, options);
    }

    /** With {@code client} (its time-outs apply; the caller closes it). */
    public AudioDownloader(SafeHttpClient client, DecodingOptions options) {
        this(client, false, options);
    }

    private AudioDownloader(SafeHttpClient client, boolean ownsClient, DecodingOptions options) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.options = options;
    }

    /**
     * Downloads {@code url} to a new file in the temp directory.
     *
     * @throws AudioProcessingException {@code audio_too_large}; the submit's fetch codes
     *                                  ({@code audio_url_http_error} with {@link AudioProcessingException#httpStatus()},
     *                                  {@code audio_url_forbidden}, {@code audio_url_timeout}, {@code audio_url_unreachable}...);
     *                                  {@code audio_download_failed} (local I/O: retryable)
     */
    public DownloadedAudio download(String url) throws AudioProcessingException {
        long max = options.maxDownloadBytes();
        Path file;
        try {
            Files.createDirectories(options.tempDir());
            file = Files.createTempFile(options.tempDir(), "audio-", ".download");
        } catch (IOException e) {
            throw AudioProcessingException.downloadFailed("cannot create a temporary file in " + options.tempDir() + ": " + e.getMessage(), e);
        }
        boolean ok = false;
        try (EgressResponse response = client.get(url, Map.of())) {
            long declared = response.contentLength();
            if (declared > max) {
                throw AudioProcessingException.tooLarge(max);
            }
            long total = 0;
            InputStream body = response.body();
            try (OutputStream out = Files.newOutputStream(file)) {
                byte[] buffer = new byte[BUFFER];
                for (int n; (n = body.read(buffer)) >= 0; ) {
                    total += n;
                    if (total > max) {
                        throw AudioProcessingException.tooLarge(max);
                    }
                    out.write(buffer, 0, n);
                }
            } catch (EgressException e) {
                throw e;
            } catch (IOException e) {
                throw AudioProcessingException.downloadFailed("could not store the audio: " + e.getMessage(), e);
            }
            if (declared >= 0 && total != declared) {
                throw AudioProcessingException.downloadFailed("the download ended after " + total + " of " + declared + " bytes", null);
            }
            ok = true;
            return new DownloadedAudio(file, total, response.url(), response.header("Content-Type"), response.header("ETag"),
                    response.header("Last-Modified"));
        } catch (EgressException e) {
            throw failure(e);
        } finally {
            if (!ok) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // left in the temp directory
                }
            }
        }
    }

    /**
     * A fetch failure under the submit's public codes: {@code audio_url_forbidden}, {@code audio_url_unresolvable},
     * {@code audio_url_http_error}, {@code audio_url_timeout}, {@code audio_url_unreachable},
     * {@code audio_url_too_many_redirects}, {@code audio_url_not_https}...; an egress {@code too_large} is
     * {@link AudioProcessingException#TOO_LARGE}. A time-out is retryable unless the download ran out of its whole time.
     */
    static AudioProcessingException failure(EgressException e) {
        String code = switch (e.reason()) {
            case ADDRESS_FORBIDDEN -> "audio_url_forbidden";
            case HOST_UNRESOLVABLE -> "audio_url_unresolvable";
            case TOO_LARGE -> AudioProcessingException.TOO_LARGE;
            default -> e.code().startsWith("url_") ? "audio_" + e.code() : "audio_url_" + e.code();
        };
        boolean retryable = switch (e.reason()) {
            // a host that used up the whole download time would use it up again on every attempt
            case TIMEOUT -> !e.deadlineExceeded();
            case UNREACHABLE, HOST_UNRESOLVABLE -> true;
            case HTTP_ERROR -> e.httpStatus() >= 500 || e.httpStatus() == 408 || e.httpStatus() == 429;
            default -> false;
        };
        return AudioProcessingException.fetchFailed(code, "could not download the audio: " + e.getMessage(), retryable,
                e.httpStatus(), e);
    }

    public DecodingOptions options() {
        return options;
    }

    @PreDestroy
    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }

    /** {@code fetch} with a total time-out of at least {@code total}. */
    static FetchSettings withTotalTimeout(FetchSettings fetch, Duration total) {
        Duration longest = total.compareTo(fetch.totalTimeout()) > 0 ? total : fetch.totalTimeout();
        return new FetchSettings() {
            @Override
            public boolean allowPrivateAddresses() {
                return fetch.allowPrivateAddresses();
            }

            @Override
            public Duration connectTimeout() {
                return fetch.connectTimeout();
            }

            @Override
            public Duration readTimeout() {
                return fetch.readTimeout();
            }

            @Override
            public Duration totalTimeout() {
                return longest;
            }

            @Override
            public int maxRedirects() {
                return fetch.maxRedirects();
            }

            @Override
            public int probeChunkBytes() {
                return fetch.probeChunkBytes();
            }

            @Override
            public int maxProbeBytes() {
                return fetch.maxProbeBytes();
            }

            @Override
            public int maxProbeRequests() {
                return fetch.maxProbeRequests();
            }

            @Override
            public int maxConnectionsPerHost() {
                return fetch.maxConnectionsPerHost();
            }

            @Override
            public Optional<Path> trustStore() {
                return fetch.trustStore();
            }

            @Override
            public String trustStorePassword() {
                return fetch.trustStorePassword();
            }
        };
    }
}
