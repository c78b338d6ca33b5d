package ai.synapses.transcribe.audioformat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** MP3 without a Xing header, on streams synthesised in memory at sizes the repository should not hold. */
class Mp3WithoutXingTest {

    private static final AudioFormatReader READER = new AudioFormatReader();

    @Test
    void largeVbrIsEstimatedAndSaysSo() throws Exception {
        Random random = new Random(7);
        // ~24 MB: a quiet start at one bitrate, then speech-like variation
        SyntheticMp3 mp3 = new SyntheticMp3()
                .frames(400, n -> 3)
                .frames(60_000, n -> 5 + random.nextInt(8));
        byte[] file = mp3.toByteArray();
        CountingAudioBytes bytes = new CountingAudioBytes(file);

        AudioMetadata m = READER.read(bytes);

        double error = (m.durationSeconds() - mp3.seconds()) / mp3.seconds();
        System.out.printf("large VBR MP3 without Xing: %d bytes, true %.1f s, estimated %.1f s (%+.2f%%), %d reads, %d bytes%n",
                file.length, mp3.seconds(), m.durationSeconds(), 100 * error, bytes.calls(), bytes.bytesRead());
        assertTrue(m.durationEstimated(), "a VBR file too large to walk must be flagged as estimated");
        assertEquals(0, error, 0.05, "estimate within 5%");
        assertEquals("mp3", m.format());
        assertEquals(SyntheticMp3.RATE, m.sampleRateHz());
        assertEquals(1, m.channels());
        assertTrue(bytes.calls() <= 8, "reads: " + bytes.calls());
        assertTrue(bytes.bytesRead() <= 512 * 1024, "bytes read: " + bytes.bytesRead());
    }

    @Test
    void vbrUnderTheLimitIsWalkedExactlyEvenWhenItStartsConstant() throws Exception {
        Random random = new Random(11);
        // The first 30 s are one bitrate, so the start alone looks like CBR: the middle gives it away.
        SyntheticMp3 mp3 = new SyntheticMp3()
                .frames(1250, n -> 1)
                .frames(9000, n -> 4 + random.nextInt(10))
                .bytes(id3v1());
        byte[] file = mp3.toByteArray();
        CountingAudioBytes bytes = new CountingAudioBytes(file);

        AudioMetadata m = READER.read(bytes);

        assertFalse(m.durationEstimated());
        assertEquals(mp3.seconds(), m.durationSeconds(), 1e-9);
        int blocks = (file.length + Mp3Frames.WALK_BLOCK - 1) / Mp3Frames.WALK_BLOCK;
        assertTrue(bytes.calls() <= blocks + 5, "reads: " + bytes.calls() + " for " + blocks + " blocks");
    }

    @Test
    void garbageInsideTheStreamIsSkippedWhenWalking() throws Exception {
        Random random = new Random(3);
        byte[] junk = new byte[1000];
        Arrays.fill(junk, (byte) 0x55);
        SyntheticMp3 mp3 = new SyntheticMp3()
                .frames(500, n -> 2 + random.nextInt(12))
                .bytes(junk)
                .frames(500, n -> 2 + random.nextInt(12));
        AudioMetadata m = READER.read(new CountingAudioBytes(mp3.toByteArray()));
        assertEquals(mp3.seconds(), m.durationSeconds(), 1e-9);
    }

    @Test
    void cbrIsMeasuredFromItsSizeWithoutTheTrailingTags() throws Exception {
        SyntheticMp3 mp3 = new SyntheticMp3().frames(200_000, n -> 9).bytes(apeTag()).bytes(id3v1());
        CountingAudioBytes bytes = new CountingAudioBytes(mp3.toByteArray());

        AudioMetadata m = READER.read(bytes);

        assertFalse(m.durationEstimated());
        assertEquals(mp3.seconds(), m.durationSeconds(), 1e-9);
        assertEquals(128, m.bitrateKbps());
        assertTrue(bytes.calls() <= 3, "reads: " + bytes.reads());
    }

    @Test
    void aSmallerLimitTurnsTheWalkIntoAnEstimate() throws Exception {
        Random random = new Random(5);
        SyntheticMp3 mp3 = new SyntheticMp3().frames(5000, n -> 2 + random.nextInt(12));
        AudioMetadata m = new AudioFormatReader(1024 * 1024).read(new CountingAudioBytes(mp3.toByteArray()));
        assertTrue(m.durationEstimated());
        assertEquals(mp3.seconds(), m.durationSeconds(), mp3.seconds() * 0.1);
    }

    private static byte[] id3v1() {
        byte[] tag = new byte[128];
        byte[] head = "TAGSome title".getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(head, 0, tag, 0, head.length);
        return tag;
    }

    /** An APEv2 tag with a header, one item and a footer. */
    private static byte[] apeTag() {
        byte[] item = new byte[8 + 6 + 5];
        item[0] = 5; // value length, little-endian
        System.arraycopy("Title\0Hello".getBytes(StandardCharsets.ISO_8859_1), 0, item, 8, 11);
        byte[] header = apeHeaderOrFooter(item.length + 32, true);
        byte[] footer = apeHeaderOrFooter(item.length + 32, false);
        byte[] tag = new byte[header.length + item.length + footer.length];
        System.arraycopy(header, 0, tag, 0, 32);
        System.arraycopy(item, 0, tag, 32, item.length);
        System.arraycopy(footer, 0, tag, 32 + item.length, 32);
        return tag;
    }

    private static byte[] apeHeaderOrFooter(int sizeWithFooter, boolean isHeader) {
        byte[] b = new byte[32];
        System.arraycopy("APETAGEX".getBytes(StandardCharsets.ISO_8859_1), 0, b, 0, 8);
        b[8] = (byte) 0xD0;
        b[9] = 0x07; // version 2000
        b[12] = (byte) sizeWithFooter;
        b[13] = (byte) (sizeWithFooter >> 8);
        b[16] = 1; // one item
        b[23] = (byte) (0x80 | (isHeader ? 0x20 : 0)); // has a header; this is the header
        return b;
    }
}
