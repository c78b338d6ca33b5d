package ai.synapses.transcribe.audioformat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Inputs made from the fixtures by cutting, patching or inflating them: cases too big or too odd to commit. */
class AudioFormatEdgeCasesTest {

    private static final AudioFormatReader READER = new AudioFormatReader();

    @Test
    void m4aWithMoovAfterAHugeMdatReadsAFewKilobytes() throws Exception {
        // The fixture's moov after 5 GB of audio (a 64-bit mdat size): the walk must jump it by its header.
        byte[] fixture = Fixtures.bytes("m4a-aac-moov-at-end.m4a");
        Fixtures.Box mdat = Fixtures.mp4Box(fixture, "mdat");
        Fixtures.Box moov = Fixtures.mp4Box(fixture, "moov");
        long gap = 5L << 30;
        ByteBuffer head = ByteBuffer.allocate(mdat.offset() + 16);
        head.put(fixture, 0, mdat.offset()).putInt(1).put(ascii("mdat")).putLong(16 + gap);
        CountingAudioBytes bytes = new CountingAudioBytes(new SparseAudioBytes(head.array(), gap,
                Arrays.copyOfRange(fixture, moov.offset(), fixture.length)));

        AudioMetadata m = READER.read(bytes);

        assertEquals(READER.read(new CountingAudioBytes(fixture)).durationSeconds(), m.durationSeconds(), 1e-9);
        assertTrue(bytes.bytesRead() < 64 * 1024, "bytes read " + bytes.bytesRead());
        assertTrue(bytes.calls() <= 3, "reads " + bytes.reads());
    }

    @Test
    void fragmentedM4aWhoseLastFragmentIsFarFromTheEndIsFoundThroughMfra() throws Exception {
        // One moof, then an mdat inflated to 50 MB, then the mfra index pointing back at the moof.
        byte[] fixture = Fixtures.bytes("m4a-aac-one-fragment.m4a");
        Fixtures.Box mdat = Fixtures.mp4Box(fixture, "mdat");
        Fixtures.Box mfra = Fixtures.mp4Box(fixture, "mfra");
        long gap = 50L << 20;
        ByteBuffer head = ByteBuffer.allocate(mdat.offset() + 8);
        head.put(fixture, 0, mdat.offset()).putInt((int) (8 + gap)).put(ascii("mdat"));
        CountingAudioBytes bytes = new CountingAudioBytes(new SparseAudioBytes(head.array(), gap,
                Arrays.copyOfRange(fixture, mfra.offset(), fixture.length)));

        AudioMetadata m = READER.read(bytes);

        assertEquals(READER.read(new CountingAudioBytes(fixture)).durationSeconds(), m.durationSeconds(), 1e-9);
        assertEquals(Fixtures.named("m4a-aac-one-fragment.m4a").trueDuration(), m.durationSeconds(),
                m.durationSeconds() * 0.01);
        assertTrue(bytes.calls() <= 3, "reads " + bytes.reads());
    }

    @Test
    void id3v2InFrontOfFlacIsSkipped() throws Exception {
        byte[] flac = Fixtures.bytes("flac-16k-mono.flac");
        byte[] tag = new byte[10 + 300];
        System.arraycopy(ascii("ID3"), 0, tag, 0, 3);
        tag[3] = 4;
        tag[9] = (byte) 300 & 0x7F;
        tag[8] = (byte) (300 >> 7);
        AudioMetadata m = READER.read(new CountingAudioBytes(concat(tag, flac)));
        assertEquals("flac", m.format());
        assertEquals(Fixtures.named("flac-16k-mono.flac").trueDuration(), m.durationSeconds(), 1e-9);
    }

    @Test
    void junkBeforeTheFirstMp3FrameIsSkipped() throws Exception {
        byte[] mp3 = Fixtures.bytes("mp3-cbr-32k-mpeg2-noxing.mp3");
        byte[] junk = new byte[700];
        Arrays.fill(junk, (byte) 0x20);
        junk[0] = 0; // binary, so that it is not taken for text
        AudioMetadata m = READER.read(new CountingAudioBytes(concat(junk, mp3)));
        assertEquals("mp3", m.format());
        assertEquals(Fixtures.named("mp3-cbr-32k-mpeg2-noxing.mp3").trueDuration(), m.durationSeconds(), 0.06);
    }

    @Test
    void mp3CutShortIsMeasuredByItsFramesNotByItsXingHeader() throws Exception {
        byte[] full = Fixtures.bytes("mp3-vbr-xing.mp3");
        byte[] half = Arrays.copyOf(full, full.length / 2);
        AudioMetadata m = READER.read(new CountingAudioBytes(half));
        double whole = Fixtures.named("mp3-vbr-xing.mp3").trueDuration();
        assertTrue(m.durationSeconds() > 0.35 * whole && m.durationSeconds() < 0.65 * whole,
                m.durationSeconds() + " s of " + whole);
    }

    @Test
    void id3v2InFrontOfRawAacIsRefusedAsRawAac() {
        byte[] tag = new byte[10 + 20];
        System.arraycopy(ascii("ID3"), 0, tag, 0, 3);
        tag[3] = 4;
        tag[9] = 20;
        AudioFormatException e = assertThrows(AudioFormatException.class,
                () -> READER.read(new CountingAudioBytes(concat(tag, Fixtures.bytes("unsupported-adts.aac")))));
        assertEquals(AudioFormatException.UNSUPPORTED_FORMAT, e.code());
    }

    @Test
    void compressedWavIsRefusedNamingTheCodec() {
        byte[] wav = Fixtures.bytes("wav-s16-mono-16k.wav").clone();
        int fmt = indexOf(wav, "fmt ");
        wav[fmt + 8] = 0x11; // IMA ADPCM
        AudioFormatException e = assertThrows(AudioFormatException.class,
                () -> READER.read(new CountingAudioBytes(wav)));
        assertEquals(AudioFormatException.UNSUPPORTED_FORMAT, e.code());
        assertTrue(e.getMessage().contains("IMA ADPCM"), e.getMessage());
    }

    @Test
    void wavTruncatedInsideItsDataCountsOnlyWhatIsThere() throws Exception {
        byte[] full = Fixtures.bytes("wav-s16-mono-16k.wav");
        long dataStart = indexOf(full, "data") + 8;
        byte[] cut = Arrays.copyOf(full, full.length / 2);
        AudioMetadata m = READER.read(new CountingAudioBytes(cut));
        assertEquals((cut.length - dataStart) / 2 / 16_000.0, m.durationSeconds(), 1e-9);
    }

    @Test
    void wavWithAnEmptyDataChunkIsUnreadable() {
        byte[] full = Fixtures.bytes("wav-s16-mono-16k.wav");
        byte[] headerOnly = Arrays.copyOf(full, indexOf(full, "data") + 8);
        AudioFormatException e = assertThrows(AudioFormatException.class,
                () -> READER.read(new CountingAudioBytes(headerOnly)));
        assertEquals(AudioFormatException.UNREADABLE, e.code());
    }

    @Test
    void mp4ImagesAreNotAudio() {
        byte[] heic = new byte[64];
        heic[3] = 24;
        System.arraycopy(ascii("ftypheic"), 0, heic, 4, 8);
        AudioFormatException e = assertThrows(AudioFormatException.class,
                () -> READER.read(new CountingAudioBytes(heic)));
        assertEquals(AudioFormatException.NOT_RECOGNIZED, e.code());
    }

    @Test
    void formatsThatNeedTheSizeSayWhenTheServerDoesNotTellIt() throws Exception {
        AudioFormatException e = assertThrows(AudioFormatException.class,
                () -> READER.read(new CountingAudioBytes(Fixtures.bytes("ogg-vorbis-22k.ogg"), false)));
        assertEquals(AudioFormatException.UNREADABLE, e.code());
        // those whose headers carry the length do not need it
        AudioMetadata wav = READER.read(new CountingAudioBytes(Fixtures.bytes("wav-s16-mono-16k.wav"), false));
        assertEquals(Fixtures.named("wav-s16-mono-16k.wav").trueDuration(), wav.durationSeconds(), 1e-9);
        assertEquals(-1, wav.sizeBytes());
        AudioMetadata mp3 = READER.read(new CountingAudioBytes(Fixtures.bytes("mp3-vbr-xing.mp3"), false));
        double xing = Fixtures.named("mp3-vbr-xing.mp3").trueDuration();
        assertEquals(xing, mp3.durationSeconds(), xing * 0.01);
        AudioMetadata m4a = READER.read(new CountingAudioBytes(Fixtures.bytes("m4a-aac-moov-at-end.m4a"), false));
        double m4aTruth = Fixtures.named("m4a-aac-moov-at-end.m4a").trueDuration();
        assertEquals(m4aTruth, m4a.durationSeconds(), m4aTruth * 0.01);
    }

    @Test
    void readerPassesIoFailuresThrough() {
        AudioBytes failing = new AudioBytes() {
            @Override
            public long size() {
                return 1000;
            }

            @Override
            public byte[] read(long offset, int length) throws IOException {
                throw new IOException("connection reset");
            }
        };
        assertThrows(IOException.class, () -> READER.read(failing));
    }

    private static int indexOf(byte[] b, String ascii) {
        for (int i = 0; i + ascii.length() <= b.length; i++) {
            if (new String(b, i, ascii.length(), StandardCharsets.ISO_8859_1).equals(ascii)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no " + ascii);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
