package ai.synapses.transcribe.recognition;

import org.vosk.LibVosk;
import org.vosk.LogLevel;
import org.vosk.Model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Vosk models of this process, one per language, each loaded on first use and then shared: a
 * model costs ~250 MB and ~0.5-1 s to load, and one {@link Model} serves any number of concurrent
 * recognisers (Vosk models are read-only and thread-safe; recognisers are not).
 * <p>
 * English is the bundled {@code vosk-model-en} aar unless {@code model-dirs} names another English
 * model; every other language needs a configured directory.
 */
public class SpeechModels implements AutoCloseable {

    public static final String ENGLISH = "en";

    /** How a model directory becomes a model; a seam so tests can count loads. */
    @FunctionalInterface
    interface Loader {
        Model load(Path directory) throws IOException;
    }

    private final Map<String, Path> directories;
    private final BundledEnglishModel bundled;
    private final Loader loader;
    private final Map<String, Model> loaded = new ConcurrentHashMap<>();
    private boolean closed;

    /** Only the bundled English model, unpacked under {@link #defaultCacheDir()}. */
    public SpeechModels() {
        this(Map.of(), defaultCacheDir());
    }

    /**
     * @param modelDirs unpacked Vosk model directories by language code (may override English)
     * @param cacheDir  where the bundled English model is unpacked
     */
    public SpeechModels(Map<String, Path> modelDirs, Path cacheDir) {
        this(modelDirs, cacheDir, SpeechModels::loadVosk);
    }

    SpeechModels(Map<String, Path> modelDirs, Path cacheDir, Loader loader) {
        Map<String, Path> byLanguage = new HashMap<>();
        modelDirs.forEach((language, dir) -> byLanguage.put(normalise(language), dir));
        this.directories = Map.copyOf(byLanguage);
        this.bundled = new BundledEnglishModel(cacheDir);
        this.loader = loader;
    }

    public static Path defaultCacheDir() {
        return Path.of(System.getProperty("java.io.tmpdir"), "transcribe-models");
    }

    /** "en", "EN", "en-US" and "en_us" all name the English model. */
    public static String normalise(String language) {
        if (language == null || language.isBlank()) {
            throw new IllegalArgumentException("language is required");
        }
        String lower = language.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        int dash = lower.indexOf('-');
        return dash < 0 ? lower : lower.substring(0, dash);
    }

    /**
     * Languages with a model: English, plus each configured language whose directory exists. Checked
     * at each call, so it follows a model directory mounted after start.
     */
    public Set<String> languages() {
        Set<String> languages = new TreeSet<>();
        languages.add(ENGLISH);
        directories.forEach((language, dir) -> {
            if (Files.isDirectory(dir)) {
                languages.add(language);
            }
        });
        return Collections.unmodifiableSet(languages);
    }

    public boolean supports(String language) {
        return languages().contains(normalise(language));
    }

    /** Of {@code announced} (e.g. {@code transcribe.engine.languages}), those this process has no model for. */
    public List<String> missing(Iterable<String> announced) {
        List<String> missing = new ArrayList<>();
        Set<String> available = languages();
        for (String language : announced) {
            if (!available.contains(normalise(language))) {
                missing.add(language);
            }
        }
        return missing;
    }

    /**
     * The model of {@code language}, loading it on first use.
     *
     * @throws UnsupportedLanguageException when no model is installed for it
     * @throws IOException when the model is configured but cannot be unpacked or loaded
     */
    public Model model(String language) throws IOException {
        String key = normalise(language);
        Model model = loaded.get(key);
        if (model != null) {
            return model;
        }
        // One lock for all languages: loads are rare, and two at once would double the memory peak.
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("speech models are closed");
            }
            model = loaded.get(key);
            if (model == null) {
                model = loader.load(directory(key));
                loaded.put(key, model);
            }
            return model;
        }
    }

    /** Whether {@code language}'s model is in memory already (no load is triggered). */
    public boolean isLoaded(String language) {
        return loaded.containsKey(normalise(language));
    }

    private Path directory(String language) throws IOException {
        Path configured = directories.get(language);
        if (configured != null) {
            if (!Files.isDirectory(configured)) {
                throw new IOException("model directory for '" + language + "' does not exist: " + configured);
            }
            return configured;
        }
        if (ENGLISH.equals(language)) {
            return bundled.directory();
        }
        throw new UnsupportedLanguageException(language, languages());
    }

    /**
     * Frees the models' native memory, for tests and tools. Only when nothing recognises any more:
     * a process that serves jobs keeps its models until it exits.
     */
    @Override
    public synchronized void close() {
        closed = true;
        loaded.values().forEach(Model::close);
        loaded.clear();
    }

    private static Model loadVosk(Path directory) throws IOException {
        VoskLog.quiet();
        return new Model(directory.toString());
    }

    /** Vosk logs every model load and decoder setting to stderr at INFO; warnings are what matter. */
    private static final class VoskLog {
        static {
            LibVosk.setLogLevel(LogLevel.WARNINGS);
        }

        static void quiet() {
            // the static initialiser did it, once per process
        }
    }
}
