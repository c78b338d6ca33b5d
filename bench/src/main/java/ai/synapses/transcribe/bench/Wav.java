package ai.synapses.transcribe.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** A canonical 16-bit PCM WAV file: a 440 Hz tone, so that the service probes real audio. */
final class Wav {

    private Wav() {
    }

    static byte[] tone(int seconds, int sampleRate) {
        int samples = seconds * sampleRate;
        int dataBytes = samples * 2;
        ByteBuffer wav = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes()).putInt(36 + dataBytes).put("WAVE".getBytes());
        wav.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(sampleRate).putInt(sampleRate * 2).putShort((short) 2).putShort((short) 16);
        wav.put("data".getBytes()).putInt(dataBytes);
        for (int i = 0; i < samples; i++) {
            wav.putShort((short) (8000 * Math.sin(2 * Math.PI * 440 * i / sampleRate)));
        }
        return wav.array();
    }
}
