package ai.synapses.transcribe.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Generated PCM WAV files whose exact duration the tests know, and the project's speech samples, altered. */
public final class TestAudio {

    private TestAudio() {
    }

    /** 16-bit mono PCM: a 440 Hz tone of exactly {@code seconds}. */
    public static byte[] wav(double seconds, int sampleRate) {
        int samples = (int) Math.round(seconds * sampleRate);
        ByteBuffer pcm = ByteBuffer.allocate(samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < samples; i++) {
            pcm.putShort((short) (8000 * Math.sin(2 * Math.PI * 440 * i / sampleRate)));
        }
        ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes()).putInt(36 + samples * 2).put("WAVE".getBytes())
                .put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(sampleRate).putInt(sampleRate * 2).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes()).putInt(samples * 2);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header.array());
        out.writeBytes(pcm.array());
        return out.toByteArray();
    }

    /** A spoken clip of the test resources' {@code audio/} (made by {@code make-welcome-clip.sh} there). */
    public static byte[] sample(String name) {
        try (InputStream in = TestAudio.class.getResourceAsStream("/audio/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test clip /audio/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The audio of a 16-bit PCM WAV {@code times} over, one canonical 44-byte header in front. */
    public static byte[] repeatedWav(byte[] wav, int times) {
        ByteBuffer in = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        int sampleRate = 0;
        short channels = 0;
        byte[] data = null;
        for (int at = 12; at + 8 <= wav.length; ) {
            String id = new String(wav, at, 4, StandardCharsets.US_ASCII);
            int size = in.getInt(at + 4);
            if (id.equals("fmt ")) {
                channels = in.getShort(at + 10);
                sampleRate = in.getInt(at + 12);
            } else if (id.equals("data")) {
                data = Arrays.copyOfRange(wav, at + 8, Math.min(wav.length, at + 8 + size));
            }
            at += 8 + size + (size & 1);
        }
        if (data == null || sampleRate == 0) {
            throw new IllegalArgumentException("not a PCM WAV file");
        }
        int length = data.length * times;
        ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes()).putInt(36 + length).put("WAVE".getBytes())
                .put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort(channels)
                .putInt(sampleRate).putInt(sampleRate * channels * 2).putShort((short) (channels * 2)).putShort((short) 16)
                .put("data".getBytes()).putInt(length);
        ByteArrayOutputStream out = new ByteArrayOutputStream(44 + length);
        out.writeBytes(header.array());
        for (int i = 0; i < times; i++) {
            out.writeBytes(data);
        }
        return out.toByteArray();
    }

    /** Seconds of audio in a WAV made by {@link #repeatedWav} or {@link #wav}: data bytes over the byte rate. */
    public static double wavSeconds(byte[] wav) {
        ByteBuffer in = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        return in.getInt(40) / (double) in.getInt(28);
    }

    /**
     * {@code mp3} (whose first frame is a Xing/Info header with a frame count) claiming only {@code frames}
     * frames, its LAME tag blanked so nothing trims the audio to the count either: a file whose header
     * understates its length, as a careless or hostile encoder writes it. Every audio frame stays as it was.
     */
    public static byte[] mp3WithUnderstatedLength(byte[] mp3, int frames) {
        byte[] out = mp3.clone();
        int tag = indexOf(out, "Info");
        if (tag < 0) {
            tag = indexOf(out, "Xing");
        }
        ByteBuffer in = ByteBuffer.wrap(out);
        int flags = in.getInt(tag + 4);
        if ((flags & 1) == 0) {
            throw new IllegalArgumentException("the Xing header has no frame count");
        }
        in.putInt(tag + 8, frames);
        int encoder = tag + 8 + 4 + ((flags & 2) != 0 ? 4 : 0) + ((flags & 4) != 0 ? 100 : 0) + ((flags & 8) != 0 ? 4 : 0);
        Arrays.fill(out, encoder, encoder + 4, (byte) 0);
        return out;
    }

    /** Frames a Xing/Info header claims. */
    public static int mp3ClaimedFrames(byte[] mp3) {
        int tag = Math.max(indexOf(mp3, "Info"), indexOf(mp3, "Xing"));
        return ByteBuffer.wrap(mp3).getInt(tag + 8);
    }

    private static int indexOf(byte[] bytes, String ascii) {
        byte[] needle = ascii.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + needle.length <= Math.min(bytes.length, 4096); i++) {
            if (Arrays.equals(bytes, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }
}
