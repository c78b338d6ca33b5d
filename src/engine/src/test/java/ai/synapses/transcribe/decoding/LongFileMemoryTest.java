package ai.synapses.transcribe.decoding;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 10-minute 44.1 kHz stereo WAV (106 MB; 19.2 MB of PCM out) decodes in a JVM whose whole heap is 24 MB:
 * the Java path streams, whatever the length. The ffmpeg path gives the same number of samples.
 */
class LongFileMemoryTest {

    private static final int RATE = 44100;
    private static final int SECONDS = 600;
    private static final String HEAP = "-Xmx24m";

    @TempDir
    static Path temp;
    private static Path wav;

    @BeforeAll
    static void generate() throws Exception {
        long frames = (long) RATE * SECONDS;
        // a 440 Hz tone on the left, 1 kHz on the right, a slow sweep of level: cheap to generate, not silence
        double[] table = new double[RATE];
        for (int i = 0; i < RATE; i++) {
            table[i] = Math.sin(2 * Math.PI * i / RATE);
        }
        wav = TestWav.write(temp.resolve("ten-minutes.wav"), RATE, 2, frames, i -> {
            int frame = i >>> 1;
            int hz = (i & 1) == 0 ? 440 : 1000;
            return 0.3 * table[(int) ((long) frame * hz % RATE)];
        });
        assertEquals(44 + frames * 4, Files.size(wav));
    }

    @Test
    void javaPathDecodesTenMinutesInA24MegabyteHeap() throws Exception {
        Path out = temp.resolve("java-out");
        Files.createDirectories(out);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(java, HEAP, "-XX:+UseSerialGC", "-cp", classpath,
                Child.class.getName(), wav.toString(), out.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES));
        System.out.print(output);
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("samples=" + (16000L * SECONDS)), output);
    }

    @Test
    void ffmpegPathGivesTheSameLength() throws Exception {
        Assumptions.assumeTrue(DecodingFixtures.ffmpeg().isPresent(), DecodingFixtures.NO_FFMPEG);
        AudioDecoders decoders = DecodingFixtures.ffmpegDecoders(temp);
        long start = System.nanoTime();
        try (DecodedAudio audio = decoders.decode(wav)) {
            double wall = (System.nanoTime() - start) / 1e9;
            System.out.printf("ffmpeg: %d s of 44.1 kHz stereo WAV in %.2f s wall (%.0f audio s per s)%n", SECONDS, wall, SECONDS / wall);
            assertEquals(16000L * SECONDS, audio.samples());
            assertEquals(16000L * SECONDS * 2, Files.size(audio.pcm()));
        }
    }

    /** Runs in the small-heap JVM: decodes, checks the file, reports samples, time and peak heap. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            Path input = Path.of(args[0]);
            AudioDecoders decoders = new AudioDecoders(DecodingOptions.defaults().withoutFfmpeg().withTempDir(Path.of(args[1])));
            long start = System.nanoTime();
            try (DecodedAudio audio = decoders.decode(input)) {
                double wall = (System.nanoTime() - start) / 1e9;
                long peak = 0;
                for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                    if (pool.getType() == MemoryType.HEAP) {
                        peak += pool.getPeakUsage().getUsed();
                    }
                }
                long size = Files.size(audio.pcm());
                if (size != audio.samples() * 2) {
                    throw new AssertionError("PCM file " + size + " bytes for " + audio.samples() + " samples");
                }
                System.out.printf("java (%s): samples=%d, %d s of 44.1 kHz stereo WAV (%d MB) in %.2f s wall (%.0f audio s per s), "
                                + "PCM %d MB, peak heap %.1f MB of %.0f MB%n", HEAP, audio.samples(), SECONDS,
                        Files.size(input) >> 20, wall, SECONDS / wall, size >> 20, peak / 1048576.0,
                        Runtime.getRuntime().maxMemory() / 1048576.0);
            }
            File[] left = Path.of(args[1]).toFile().listFiles();
            if (left != null && left.length > 0) {
                throw new AssertionError("left behind: " + left.length + " files");
            }
        }
    }
}
