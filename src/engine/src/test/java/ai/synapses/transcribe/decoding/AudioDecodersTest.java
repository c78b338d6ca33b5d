package ai.synapses.transcribe.decoding;

import ai.synapses.transcribe.decoding.DecodingFixtures.Negative;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Choosing the decoder, the formats offered, refusals, limits, and no file left behind. */
class AudioDecodersTest {

    @TempDir
    Path temp;

    @Test
    void withoutFfmpegEverythingButM4aIsDecodable() {
        AudioDecoders decoders = DecodingFixtures.javaDecoders(temp);
        assertEquals("java", decoders.decoder().name());
        assertEquals(Set.of("wav", "mp3", "flac", "ogg_vorbis", "opus"), decoders.decodableFormats());
        assertTrue(decoders.ffmpeg().isEmpty());
    }

    @Test
    void aMissingConfiguredFfmpegFallsBackToJava() {
        AudioDecoders decoders = new AudioDecoders(DecodingOptions.defaults().withFfmpegPath(Path.of("/nonexistent/ffmpeg")).withTempDir(temp));
        assertEquals("java", decoders.decoder().name());
        assertFalse(decoders.decodableFormats().contains("m4a"));
    }

    @Test
    void withFfmpegEveryFormatIsDecodable() {
        Assumptions.assumeTrue(DecodingFixtures.ffmpeg().isPresent(), DecodingFixtures.NO_FFMPEG);
        AudioDecoders decoders = new AudioDecoders(DecodingOptions.defaults().withTempDir(temp)); // finds it on the PATH
        assertEquals("ffmpeg", decoders.decoder().name());
        assertEquals(Set.of("wav", "mp3", "flac", "ogg_vorbis", "opus", "m4a"), decoders.decodableFormats());
        FfmpegDecoder ffmpeg = decoders.ffmpeg().orElseThrow();
        System.out.println(ffmpeg);
        List<String> cmd = ffmpeg.command(Path.of("/tmp/in"), "m4a");
        assertTrue(cmd.containsAll(List.of("-protocol_whitelist", "file", "-f", "mov", "file:/tmp/in", "s16le", "pipe:1")), cmd.toString());
    }

    static List<Negative> negatives() {
        return DecodingFixtures.negatives();
    }

    @ParameterizedTest(name = "java {0}")
    @MethodSource("negatives")
    void javaRefusesWhatTheProbeRefusesWithTheSameCode(Negative n) throws Exception {
        refuses(DecodingFixtures.javaDecoders(temp), n);
    }

    @ParameterizedTest(name = "ffmpeg {0}")
    @MethodSource("negatives")
    void ffmpegRefusesWhatTheProbeRefusesWithTheSameCode(Negative n) throws Exception {
        Assumptions.assumeTrue(DecodingFixtures.ffmpeg().isPresent(), DecodingFixtures.NO_FFMPEG);
        refuses(DecodingFixtures.ffmpegDecoders(temp), n);
    }

    private void refuses(AudioDecoders decoders, Negative n) throws Exception {
        AudioProcessingException e = assertThrows(AudioProcessingException.class, () -> decoders.decode(n.path()));
        assertEquals(n.expect(), e.code(), e.getMessage());
        assertFalse(e.retryable());
        assertEquals(0, files());
    }

    @Test
    void anM4aNamedMp3IsStillAnM4a() throws Exception {
        Path disguised = Files.copy(DecodingFixtures.dir().resolve("m4a-aac-faststart.m4a"), temp.resolve("song.mp3"));
        AudioDecoders java = DecodingFixtures.javaDecoders(temp);
        AudioProcessingException e = assertThrows(AudioProcessingException.class, () -> java.decode(disguised, "mp3"));
        assertEquals(AudioProcessingException.NOT_DECODABLE, e.code());
    }

    @Test
    void aFileLongerThanTheLimitIsRefusedFromItsHeaders() throws Exception {
        AudioDecoders decoders = new AudioDecoders(DecodingOptions.defaults().withoutFfmpeg()
                .withMaxDuration(Duration.ofSeconds(2)).withTempDir(temp));
        AudioProcessingException e = assertThrows(AudioProcessingException.class,
                () -> decoders.decode(DecodingFixtures.dir().resolve("mp3-cbr-64k.mp3")));
        assertEquals(AudioProcessingException.TOO_LONG, e.code());
        assertEquals(0, files());
    }

    /** The limit also holds while decoding, for files whose headers understate their length (streamed WAV, chained Ogg). */
    @Test
    void theDurationLimitIsEnforcedWhileDecoding() throws Exception {
        List<PcmDecoder> decoders = Stream.concat(Stream.of(new JavaDecoder()), DecodingFixtures.ffmpeg().stream()).toList();
        for (PcmDecoder decoder : decoders) {
            for (String file : List.of("mp3-vbr-noxing.mp3", "ogg-vorbis-chained.ogg", "wav-s16-stereo-44k.wav", "opus-48k-stereo.opus")) {
                DecodingFixtures.Fixture f = DecodingFixtures.named(file);
                long limit = (long) (f.trueDuration() * 16000 / 2);
                PcmDecoder.Limits limits = new PcmDecoder.Limits(limit, limit / 16000.0, System.nanoTime() + 60_000_000_000L);
                AudioProcessingException e = assertThrows(AudioProcessingException.class,
                        () -> decoder.decode(f.path(), f.format(), temp.resolve("out.pcm"), limits), decoder.name() + " " + file);
                assertEquals(AudioProcessingException.TOO_LONG, e.code(), decoder.name() + " " + file);
                assertTrue(Files.size(temp.resolve("out.pcm")) <= limit * 2, "stopped at the limit");
            }
        }
    }

    @Test
    void theDecodeTimeOutStopsBothDecoders() throws Exception {
        List<PcmDecoder> decoders = Stream.concat(Stream.of(new JavaDecoder()), DecodingFixtures.ffmpeg().stream()).toList();
        for (PcmDecoder decoder : decoders) {
            DecodingFixtures.Fixture f = DecodingFixtures.named("mp3-vbr-noxing.mp3");
            PcmDecoder.Limits expired = new PcmDecoder.Limits(Long.MAX_VALUE / 4, 1e9, System.nanoTime() - 1);
            AudioProcessingException e = assertThrows(AudioProcessingException.class,
                    () -> decoder.decode(f.path(), f.format(), temp.resolve("out.pcm"), expired));
            assertEquals(AudioProcessingException.DECODE_FAILED, e.code(), decoder.name());
            assertTrue(e.retryable());
        }
    }

    @Test
    void aTruncatedFileDecodesWhatItHolds() throws Exception {
        for (String file : List.of("mp3-cbr-64k.mp3", "flac-44k-stereo.flac", "ogg-vorbis-22k.ogg", "opus-16k-mono.opus", "wav-s16-mono-16k.wav")) {
            byte[] bytes = Files.readAllBytes(DecodingFixtures.dir().resolve(file));
            Path half = Files.write(temp.resolve("half-" + file), java.util.Arrays.copyOf(bytes, bytes.length / 2));
            AudioDecoders decoders = new AudioDecoders(DecodingOptions.defaults().withoutFfmpeg().withTempDir(temp.resolve("out")));
            try (DecodedAudio audio = decoders.decode(half)) {
                double full = DecodingFixtures.named(file).trueDuration();
                // the cut falls inside a frame: the frames before it decode (the FLAC fixture's first frame ends at 38%)
                assertTrue(audio.durationSeconds() > full * 0.15 && audio.durationSeconds() < full * 0.7,
                        file + ": " + audio.durationSeconds() + " s of " + full);
            }
        }
    }

    @Test
    void garbageAfterAValidHeaderIsUnreadableNotACrash() throws Exception {
        Random random = new Random(3);
        for (String file : List.of("mp3-cbr-64k.mp3", "flac-44k-stereo.flac", "ogg-vorbis-22k.ogg", "opus-16k-mono.opus")) {
            byte[] bytes = Files.readAllBytes(DecodingFixtures.dir().resolve(file));
            // keep the first 4 KB (headers), scramble the rest
            byte[] noise = new byte[bytes.length - 4096];
            random.nextBytes(noise);
            System.arraycopy(noise, 0, bytes, 4096, noise.length);
            Path broken = Files.write(temp.resolve("broken-" + file), bytes);
            Path out = temp.resolve("out.pcm");
            try {
                DecodedAudio audio = new JavaDecoder().decode(broken, DecodingFixtures.named(file).format(), out,
                        new PcmDecoder.Limits(1_000_000, 60, System.nanoTime() + 60_000_000_000L));
                System.out.printf("java %-24s scrambled after 4 KB: %.2f s decoded%n", file, audio.durationSeconds());
            } catch (AudioProcessingException e) {
                System.out.printf("java %-24s scrambled after 4 KB: %s%n", file, e.code());
                assertEquals(AudioProcessingException.UNREADABLE, e.code(), e.getMessage());
            }
        }
    }

    private long files() throws Exception {
        try (Stream<Path> s = Files.list(temp)) {
            return s.count();
        }
    }

}
