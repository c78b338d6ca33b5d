package ai.synapses.transcribe.decoding;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Decode speed per format and path, in audio seconds per wall second, over 5-minute files that ffmpeg makes
 * from pink noise and a tone. A measurement, not a check: opt in with {@code -Dtranscribe.decoding.bench=true}
 * (needs ffmpeg to make the files; takes about a minute).
 */
class DecodeSpeedTest {

    private static final int SECONDS = 300;

    @TempDir
    Path temp;

    @Test
    void decodeSpeed() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("transcribe.decoding.bench"),
                "decode speed benchmark: opt in with -Dtranscribe.decoding.bench=true");
        Assumptions.assumeTrue(DecodingFixtures.ffmpeg().isPresent(), DecodingFixtures.NO_FFMPEG);
        AudioDecoders java = DecodingFixtures.javaDecoders(temp);
        AudioDecoders ffmpeg = DecodingFixtures.ffmpegDecoders(temp);
        // warm the Java decoders up (class loading, JIT) on the small fixtures
        for (String f : List.of("wav-s16-stereo-44k.wav", "mp3-cbr-64k.mp3", "flac-44k-stereo.flac", "ogg-vorbis-44k-stereo.ogg", "opus-48k-stereo.opus")) {
            for (int i = 0; i < 3; i++) {
                java.decode(DecodingFixtures.dir().resolve(f)).close();
            }
        }
        String[][] formats = {
                {"wav 16 kHz mono s16", "wav", "-ar 16000 -ac 1 -c:a pcm_s16le"},
                {"wav 44.1 kHz stereo s16", "wav", "-ar 44100 -ac 2 -c:a pcm_s16le"},
                {"flac 44.1 kHz stereo", "flac", "-ar 44100 -ac 2 -c:a flac"},
                {"mp3 44.1 kHz stereo 128k", "mp3", "-ar 44100 -ac 2 -c:a libmp3lame -b:a 128k"},
                {"mp3 16 kHz mono 32k", "mp3", "-ar 16000 -ac 1 -c:a libmp3lame -b:a 32k"},
                {"ogg vorbis 44.1 kHz stereo q4", "ogg", "-ar 44100 -ac 2 -c:a libvorbis -q:a 4"},
                {"opus 48 kHz stereo 64k", "opus", "-ar 48000 -ac 2 -c:a libopus -b:a 64k"},
                {"opus 16 kHz mono 24k", "opus", "-ar 16000 -ac 1 -c:a libopus -b:a 24k"},
                {"m4a aac 44.1 kHz stereo 128k", "m4a", "-ar 44100 -ac 2 -c:a aac -b:a 128k"},
        };
        List<String> rows = new ArrayList<>();
        for (String[] f : formats) {
            Path file = temp.resolve(f[0].replace(' ', '_') + "." + f[1]);
            List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error", "-y",
                    "-f", "lavfi", "-i", "anoisesrc=color=pink:amplitude=0.2:seed=1:duration=" + SECONDS,
                    "-f", "lavfi", "-i", "sine=frequency=440:duration=" + SECONDS,
                    "-filter_complex", "amix=inputs=2"));
            cmd.addAll(List.of(f[2].split(" ")));
            cmd.add(file.toString());
            Process p = new ProcessBuilder(cmd).inheritIO().start();
            assertTrue(p.waitFor(5, TimeUnit.MINUTES) && p.exitValue() == 0, "ffmpeg made " + file);
            String javaSpeed = "refused (" + AudioProcessingException.NOT_DECODABLE + ")";
            if (java.decodableFormats().contains(java.probe(file).format())) {
                javaSpeed = String.format("%6.0f", speed(java, file));
            }
            rows.add(String.format("| %-30s | %8s | %6.0f |", f[0], javaSpeed, speed(ffmpeg, file)));
            Files.delete(file);
        }
        System.out.println("audio seconds decoded per wall second, " + SECONDS + " s files, one thread (java) / one ffmpeg process");
        System.out.println("| format                         |     java | ffmpeg |");
        rows.forEach(System.out::println);
    }

    private static double speed(AudioDecoders decoders, Path file) throws Exception {
        long start = System.nanoTime();
        try (DecodedAudio audio = decoders.decode(file)) {
            double wall = (System.nanoTime() - start) / 1e9;
            assertEquals(SECONDS, audio.durationSeconds(), SECONDS * 0.01);
            return audio.durationSeconds() / wall;
        }
    }
}
