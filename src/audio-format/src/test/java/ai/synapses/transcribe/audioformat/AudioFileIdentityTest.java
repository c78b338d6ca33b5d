package ai.synapses.transcribe.audioformat;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
