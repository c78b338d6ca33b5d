package ai.synapses.transcribe.probe;

import ai.synapses.transcribe.audioformat.AudioFileIdentity;
import ai.synapses.transcribe.audioformat.AudioFormatReader;
import ai.synapses.transcribe.audioformat.AudioMetadata;
import ai.synapses.transcribe.egress.FetchOptions;
import ai.synapses.transcribe.egress.RemoteAudio;
import ai.synapses.transcribe.egress.SafeHttpClient;
import ai.synapses.transcribe.local.HttpsFileServer;
import ai.synapses.transcribe.local.HttpsFileServer.Route;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The identity of the file behind an audio URL as the probe records it from the server's answer. */
class ProbedFileIdentityTest {

    @Test
    void theProbeRecordsTheServersIdentityOfTheFile() throws Exception {
        byte[] wav = Files.readAllBytes(Path.of("../audio-format/src/test/resources/audio/wav-s16-mono-16k.wav"));
        try (HttpsFileServer server = HttpsFileServer.start();
                SafeHttpClient client = new SafeHttpClient(FetchOptions.defaults().withAllowPrivateAddresses(true))) {
            server.route("/tagged.wav", Route.bytes(wav, "audio/wav").withHeader("ETag", "\"v1\"")
                            .withHeader("Last-Modified", "Tue, 01 Dec 2026 10:00:00 GMT"))
                    .serve("/plain.wav", wav, "audio/wav");
            RemoteAudio tagged = client.openAudio(server.url("/tagged.wav"));
            AudioMetadata metadata = new AudioFormatReader().read(new RemoteAudioBytes(tagged))
                    .withServerIdentity(tagged.etag().orElse(null), tagged.lastModified().orElse(null));
            assertEquals(new AudioFileIdentity(wav.length, "\"v1\"", "Tue, 01 Dec 2026 10:00:00 GMT"), metadata.identity());
            String json = new ObjectMapper().writeValueAsString(metadata);
            assertTrue(json.contains("\"etag\":\"\\\"v1\\\"\"") && json.contains("\"last_modified\":\"Tue, 01 Dec 2026 10:00:00 GMT\""), json);

            RemoteAudio plain = client.openAudio(server.url("/plain.wav"));
            assertTrue(plain.etag().isEmpty() && plain.lastModified().isEmpty());
            String without = new ObjectMapper().writeValueAsString(new AudioFormatReader().read(new RemoteAudioBytes(plain)).withServerIdentity(null, null));
            assertFalse(without.contains("etag") || without.contains("last_modified"), "absent, not null: " + without);
        }
    }
}
