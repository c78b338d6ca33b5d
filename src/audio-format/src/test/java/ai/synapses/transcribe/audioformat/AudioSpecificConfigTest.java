package ai.synapses.transcribe.audioformat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** AAC configs as HE-AAC encoders write them; ffmpeg here has no HE-AAC encoder, so they are made by hand. */
class AudioSpecificConfigTest {

    @Test
    void aacLc() {
        AudioSpecificConfig c = parse("00010 0100 0010 000");
        assertEquals(2, c.objectType());
        assertEquals(44_100, c.sampleRate());
        assertEquals(2, c.channels());
        assertFalse(c.sbr());
    }

    @Test
    void heAacExplicitReportsTheOutputRate() {
        // SBR object type, core 24 kHz stereo, SBR at 48 kHz, then AAC-LC
        AudioSpecificConfig c = parse("00101 0110 0010 0011 00010 000");
        assertTrue(c.sbr());
        assertEquals(2, c.objectType());
        assertEquals(48_000, c.sampleRate());
        assertEquals(2, c.channels());
    }

    @Test
    void heAacV2MakesStereoFromAMonoCore() {
        AudioSpecificConfig c = parse("11101 0110 0001 0011 00010 000");
        assertTrue(c.ps());
        assertEquals(48_000, c.sampleRate());
        assertEquals(2, c.channels());
    }

    @Test
    void heAacBackwardCompatibleSignalling() {
        // AAC-LC at 24 kHz, then the 0x2B7 sync extension announcing SBR at 48 kHz
        AudioSpecificConfig c = parse("00010 0110 0010 000 01010110111 00101 1 0011");
        assertTrue(c.sbr());
        assertEquals(48_000, c.sampleRate());
    }

    @Test
    void explicitFrequency() {
        AudioSpecificConfig c = parse("00010 1111 000000010111011100000000 0001 000"); // 96,000 written out
        assertEquals(96_000, c.sampleRate());
        assertEquals(1, c.channels());
    }

    @Test
    void truncatedConfigIsNull() {
        assertNull(AudioSpecificConfig.parse(new byte[] {0x12}, 0, 1));
    }

    private static AudioSpecificConfig parse(String bits) {
        String b = bits.replace(" ", "");
        byte[] bytes = new byte[(b.length() + 7) / 8];
        for (int i = 0; i < b.length(); i++) {
            if (b.charAt(i) == '1') {
                bytes[i / 8] |= (byte) (0x80 >>> (i % 8));
            }
        }
        return AudioSpecificConfig.parse(bytes, 0, bytes.length);
    }
}
