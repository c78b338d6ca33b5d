package ai.synapses.transcribe.recognition;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vosk.Model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class SpeechModelsTest {

    @TempDir
    Path dir;

    @Test
    void theEnglishModelIsLoadedOnceAndShared() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        try (SpeechModels models = new SpeechModels(Map.of(), SpeechModels.defaultCacheDir(), directory -> {
            loads.incrementAndGet();
            return new Model(directory.toString());
        })) {
            assertFalse(models.isLoaded("en"));
            int callers = 4;
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService threads = Executors.newFixedThreadPool(callers);
            try {
                List<Future<Model>> results = new ArrayList<>();
                for (int i = 0; i < callers; i++) {
                    results.add(threads.submit((Callable<Model>) () -> {
                        start.await();
                        return models.model("en");
                    }));
                }
                start.countDown();
                Model first = results.get(0).get();
                for (Future<Model> result : results) {
                    assertSame(first, result.get());
                }
                assertSame(first, models.model("en-US"), "a regional tag names the same model");
                assertEquals(1, loads.get());
                assertTrue(models.isLoaded("en"));
            } finally {
                threads.shutdownNow();
            }
        }
    }

    @Test
    void theRecognizerReusesItsModelAcrossJobs() throws Exception {
        SpeechRecognizer engine = EvalClips.engine();
        Model before = engine.models().model("en");
        Path pcm = dir.resolve("quiet.pcm");
        Files.write(pcm, new byte[2 * Pcm.BYTES_PER_SECOND]);
        engine.transcribe(pcm, "en");
        engine.transcribe(pcm, "EN");
        assertSame(before, engine.models().model("en"));
    }

    @Test
    void otherLanguagesNeedAConfiguredDirectory() throws IOException {
        Path spanish = Files.createDirectories(dir.resolve("vosk-es"));
        SpeechModels models = new SpeechModels(
                Map.of("es-ES", spanish, "fr", dir.resolve("not-mounted")), dir.resolve("cache"),
                directory -> {
                    throw new AssertionError("nothing should load");
                });

        assertEquals(Set.of("en", "es"), models.languages());
        assertTrue(models.supports("ES"));
        assertFalse(models.supports("fr"));
        assertEquals(List.of("fr", "de"), models.missing(List.of("en", "es", "fr", "de")));
        UnsupportedLanguageException unsupported = assertThrows(UnsupportedLanguageException.class,
                () -> models.model("de"));
        assertEquals("de", unsupported.language());
        assertThrows(IOException.class, () -> models.model("fr"), "configured but missing directory");
    }

    @Test
    void theBundledModelIsUnpackedOnceWithAMarkerWrittenLast() throws IOException {
        BundledEnglishModel bundled = new BundledEnglishModel(dir);
        assumeTrue(bundled.available(), "the vosk-model-en aar is neither on the class path nor in ~/.m2");
        assertFalse(bundled.unpacked());

        long started = System.nanoTime();
        Path model = bundled.directory();
        System.out.printf("[recognition] English model unpacked in %.2f s: %s", (System.nanoTime() - started) / 1e9,
                Files.readString(model.resolve(BundledEnglishModel.MARKER)));

        assertEquals(dir.resolve("en-" + BundledEnglishModel.VERSION), model);
        for (String file : BundledEnglishModel.FILES) {
            assertTrue(Files.size(model.resolve(file)) > 0, file);
        }
        FileTime unpackedAt = Files.getLastModifiedTime(model.resolve("am/final.mdl"));
        try (var leftovers = Files.list(dir)) {
            assertEquals(List.of(model), leftovers.toList(), "no staging directory is left behind");
        }

        assertEquals(model, new BundledEnglishModel(dir).directory());
        assertEquals(unpackedAt, Files.getLastModifiedTime(model.resolve("am/final.mdl")), "not unpacked again");
    }

    @Test
    void anIncompleteDirectoryIsReplaced() throws IOException {
        assumeTrue(new BundledEnglishModel(dir).available(), "the vosk-model-en aar is neither on the class path nor in ~/.m2");
        Path stale = Files.createDirectories(dir.resolve("en-" + BundledEnglishModel.VERSION + "/am"));
        Files.writeString(stale.resolve("final.mdl"), "half a model");

        Path model = new BundledEnglishModel(dir).directory();

        assertTrue(Files.size(model.resolve("am/final.mdl")) > 1_000_000);
        assertTrue(Files.isRegularFile(model.resolve(BundledEnglishModel.MARKER)));
    }
}
