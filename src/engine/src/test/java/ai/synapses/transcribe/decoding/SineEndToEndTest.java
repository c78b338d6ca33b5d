package ai.synapses.transcribe.decoding;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 1 kHz sine in a 44.1 kHz stereo 16-bit WAV, decoded to 16 kHz mono 16-bit by each path, against the
 * analytic sine at 16 kHz. At -6 dBFS the 16-bit rounding alone limits the SNR to about 92 dB.
 */
class SineEndToEndTest {

    private static final double HZ = 1000;
    private static final double AMPLITUDE = 0.5;

    @TempDir
    Path temp;

    @Test
    void javaPath() throws Exception {
        double snr = decode(DecodingFixtures.javaDecoders(temp));
        assertTrue(snr > 85, "SNR " + snr);
    }

    @Test
    void ffmpegPath() throws Exception {
        Assumptions.assumeTrue(DecodingFixtures.ffmpeg().isPresent(), DecodingFixtures.NO_FFMPEG);
        double snr = decode(DecodingFixtures.ffmpegDecoders(temp));
        double min = DecodingFixtures.ffmpeg().get().soxr() ? 80 : 50;
        assertTrue(snr > min, "SNR " + snr);
    }

    private double decode(AudioDecoders decoders) throws Exception {
        int rate = 44100;
        Path wav = TestWav.write(temp.resolve("sine.wav"), rate, 2, rate * 3L,
                i -> AMPLITUDE * Math.sin(2 * Math.PI * HZ * (i / 2) / rate));
        try (DecodedAudio audio = decoders.decode(wav)) {
            assertEquals(48000, audio.samples());
            short[] s = DecodingFixtures.samples(audio.pcm());
            double signal = 0;
            double noise = 0;
            for (int i = 800; i < s.length - 800; i++) {
                double ref = AMPLITUDE * 32767 / 32768 * Math.sin(2 * Math.PI * HZ * i / 16000);
                signal += ref * ref;
                double d = s[i] / 32768.0 - ref;
                noise += d * d;
            }
            double snr = 10 * Math.log10(signal / noise);
            System.out.printf("%-6s 44.1 kHz stereo s16 WAV -> 16 kHz mono s16: 1 kHz sine SNR %.1f dB%n", decoders.decoder().name(), snr);
            return snr;
        }
    }
}
