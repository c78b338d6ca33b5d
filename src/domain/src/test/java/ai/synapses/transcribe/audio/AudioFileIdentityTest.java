package ai.synapses.transcribe.audio;

import ai.synapses.transcribe.egress.FetchOptions;
import ai.synapses.transcribe.egress.RemoteAudio;
import ai.synapses.transcribe.egress.SafeHttpClient;
import ai.synapses.transcribe.local.HttpsFileServer;
import ai.synapses.transcribe.local.HttpsFileServer.Route;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The identity of the file behind an audio URL: what the probe records and how a later download is compared with it. */
class AudioFileIdentityTest {

    @Test
    void differencesNameEveryFieldBothSidesKnow() {
        AudioFileIdentity probed = new AudioFileIdentity(64_044, "\"a\"", "Tue, 01 Dec 2026 10:00:00 GMT");
        assertEquals(List.of(), probed.differencesTo(probed));
        assertEquals(List.of("size 64044 -> 1992884 bytes", "ETag \"a\" -> \"b\"",
                        "Last-Modified Tue, 01 Dec 2026 10:00:00 GMT -> Wed, 02 Dec 2026 10:00:00 GMT"),
                probed.differencesTo(new AudioFileIdentity(1_992_884, "\"b\"", "Wed, 02 Dec 2026 10:00:00 GMT")));
        // what one side does not know is no difference: a server that stopped sending an ETag, a size unknown at submit
        assertEquals(List.of(), probed.differencesTo(new AudioFileIdentity(64_044, null, null)));
        assertEquals(List.of(), new AudioFileIdentity(-1, null, null).differencesTo(new AudioFileIdentity(5, "\"x\"", null)));
    }

    @Test
    void headerValuesFromTheHostAreBounded() {
        String huge = "\"" + "x".repeat(10_000) + "\"";
        AudioFileIdentity identity = new AudioFileIdentity(1, huge, huge);
        assertEquals(AudioFileIdentity.MAX_VALUE_LENGTH, identity.etag().length());
        assertEquals(AudioFileIdentity.MAX_VALUE_LENGTH, identity.lastModified().length());
        AudioMetadata metadata = new AudioMetadata("wav", "pcm_s16le", 1, 16000, 1, 1, false, 256).withServerIdentity(huge, null);
        assertEquals(AudioFileIdentity.MAX_VALUE_LENGTH, metadata.etag().length());
    }

    @Test
    void theProbeRecordsTheServersIdentityOfTheFile() throws Exception {
        byte[] wav = Fixtures.bytes("wav-s16-mono-16k.wav");
        try (HttpsFileServer server = HttpsFileServer.start();
                SafeHttpClient client = new SafeHttpClient(FetchOptions.defaults().withAllowPrivateAddresses(true))) {
            server.route("/tagged.wav", Route.bytes(wav, "audio/wav").withHeader("ETag", "\"v1\"")
                            .withHeader("Last-Modified", "Tue, 01 Dec 2026 10:00:00 GMT"))
                    .serve("/plain.wav", wav, "audio/wav");
            RemoteAudio tagged = client.openAudio(server.url("/tagged.wav"));
            AudioMetadata metadata = new AudioFormatReader().read(tagged)
                    .withServerIdentity(tagged.etag().orElse(null), tagged.lastModified().orElse(null));
            assertEquals(new AudioFileIdentity(wav.length, "\"v1\"", "Tue, 01 Dec 2026 10:00:00 GMT"), metadata.identity());
            String json = new ObjectMapper().writeValueAsString(metadata);
            assertTrue(json.contains("\"etag\":\"\\\"v1\\\"\"") && json.contains("\"last_modified\":\"Tue, 01 Dec 2026 10:00:00 GMT\""), json);

            RemoteAudio plain = client.openAudio(server.url("/plain.wav"));
            assertTrue(plain.etag().isEmpty() && plain.lastModified().isEmpty());
            String without = new ObjectMapper().writeValueAsString(new AudioFormatReader().read(plain).withServerIdentity(null, null));
            assertFalse(without.contains("etag") || without.contains("last_modified"), "absent, not null: " + without);
        }
    }
}
