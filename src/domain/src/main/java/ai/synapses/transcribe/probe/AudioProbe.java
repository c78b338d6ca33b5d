package ai.synapses.transcribe.probe;

import ai.synapses.transcribe.audioformat.AudioFormatException;
import ai.synapses.transcribe.audioformat.AudioFormatReader;
import ai.synapses.transcribe.audioformat.AudioMetadata;
import ai.synapses.transcribe.availability.CallerContext;
import ai.synapses.transcribe.egress.EgressException;
import ai.synapses.transcribe.egress.RemoteAudio;
import ai.synapses.transcribe.transcript.EngineSettings;
import ai.synapses.transcribe.egress.SafeHttpClient;
import ai.synapses.transcribe.error.DomainException;
import ai.synapses.transcribe.error.ErrorKind;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;

/**
 * Finds out what a customer's audio URL holds (format, duration, rate, channels, size) by reading
 * only the bytes the container needs, over the SSRF-guarded client. Blocking I/O, so it runs on a
 * worker thread and answers on the caller's Vert.x context. Every refusal is {@link ErrorKind#UNPROCESSABLE} on
 * {@code transcription_options.audio_url} with a code that says what to fix. Each probe runs under its
 * host's guard ({@link AudioHostGuards}): one retry of a transient failure, a breaker, and a time-out that backs
 * up the probe's own deadline (at which the client closes the connection and the probing thread is free again).
 */
@ApplicationScoped
public class AudioProbe {

    static final String FIELD = "transcription_options.audio_url";

    private final SafeHttpClient http;
    private final AudioFormatReader reader = new AudioFormatReader();
    private final EngineSettings engine;
    private final Vertx vertx;
    private final AudioHostGuards guards;

    public AudioProbe(SafeHttpClient http, EngineSettings engine, Vertx vertx, AudioHostGuards guards) {
        this.http = http;
        this.engine = engine;
        this.vertx = vertx;
        this.guards = guards;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public Uni<AudioMetadata> probe(String url) {
        var guard = guards.forUrl(url);
        return CallerContext.<AudioMetadata>around(
                        () -> vertx.executeBlocking(Uni.createFrom().item(() -> probeBlocking(url)), false),
                        attempt -> (Uni<AudioMetadata>) guard.get((java.util.function.Supplier) attempt, (Class) Uni.class))
                .onFailure(CircuitBreakerOpenException.class).transform(e -> new DomainException(ErrorKind.UNPROCESSABLE, "audio_url_unreachable",
                        "the audio's server failed repeatedly in the last moments; we are not trying it again yet", FIELD))
                .onFailure(TimeoutException.class).transform(e -> new DomainException(ErrorKind.UNPROCESSABLE, "audio_url_timeout",
                        "reading the audio took too long", FIELD));
    }

    AudioMetadata probeBlocking(String url) {
        try {
            RemoteAudio remote = http.openAudio(url);
            AudioMetadata metadata = reader.read(new RemoteAudioBytes(remote))
                    .withServerIdentity(remote.etag().orElse(null), remote.lastModified().orElse(null));
            if (!(metadata.durationSeconds() > 0)) {
                throw new DomainException(ErrorKind.UNPROCESSABLE, AudioFormatException.UNREADABLE, "the audio has no duration", FIELD);
            }
            checkDuration(metadata);
            if (!engine.formats().contains(metadata.format())) {
                throw new DomainException(ErrorKind.UNPROCESSABLE, "audio_format_not_available", "this deployment does not decode " + metadata.format()
                        + " audio; it takes " + String.join(", ", engine.formats()), FIELD,
                        Map.of("format", metadata.format()));
            }
            return metadata;
        } catch (EgressException e) {
            throw new DomainException(ErrorKind.UNPROCESSABLE, code(e), "could not read the audio: " + e.getMessage(), FIELD,
                    e.httpStatus() > 0 ? Map.of("http_status", e.httpStatus()) : null);
        } catch (AudioFormatException e) {
            throw new DomainException(ErrorKind.UNPROCESSABLE, e.code(), e.getMessage(), FIELD);
        } catch (IOException e) {
            throw new DomainException(ErrorKind.UNPROCESSABLE, "audio_url_unreachable", "could not read the audio: " + e.getMessage(), FIELD);
        }
    }

    /**
     * The engine's limits, before anything is charged: audio a worker would refuse is refused here, and an
     * absurd duration in a header never reaches the price. An estimated duration is judged as estimated.
     */
    private void checkDuration(AudioMetadata metadata) {
        double seconds = metadata.durationSeconds();
        double max = engine.maxDuration().toMillis() / 1000.0;
        double min = engine.minDuration().toMillis() / 1000.0;
        if (seconds > max) {
            throw new DomainException(ErrorKind.UNPROCESSABLE, "audio_too_long", String.format(Locale.ROOT,
                    "the audio lasts %.0f s; this service transcribes at most %.0f s", seconds, max), FIELD,
                    Map.of("duration_seconds", seconds, "max_duration_seconds", max));
        }
        if (seconds < min) {
            throw new DomainException(ErrorKind.UNPROCESSABLE, "audio_too_short", String.format(Locale.ROOT,
                    "the audio lasts %.4f s; the shortest audio this service transcribes is %.3f s", seconds, min), FIELD,
                    Map.of("duration_seconds", seconds, "min_duration_seconds", min));
        }
    }

    private static String code(EgressException e) {
        return switch (e.reason()) {
            case ADDRESS_FORBIDDEN -> "audio_url_forbidden";
            case HOST_UNRESOLVABLE -> "audio_url_unresolvable";
            // url_not_https (a redirect to http), url_invalid, url_has_credentials keep their names
            default -> e.code().startsWith("url_") ? "audio_" + e.code() : "audio_url_" + e.code();
        };
    }
}
