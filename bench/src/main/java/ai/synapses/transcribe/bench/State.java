package ai.synapses.transcribe.bench;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/** A properties file shared by the steps (and read by the script with grep): ports, URLs, ids, results. */
final class State {

    private final Path file;
    private final Properties values = new Properties();

    private State(Path file) {
        this.file = file;
    }

    static State load(Path file) {
        State state = new State(file);
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                state.values.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return state;
    }

    String get(String key) {
        String value = values.getProperty(key);
        if (value == null) {
            throw new IllegalStateException("no '" + key + "' in " + file + " (did an earlier step fail?)");
        }
        return value;
    }

    /** A copy of every value. */
    Properties values() {
        Properties copy = new Properties();
        copy.putAll(values);
        return copy;
    }

    double number(String key) {
        return Double.parseDouble(get(key));
    }

    State put(String key, Object value) {
        values.setProperty(key, String.valueOf(value));
        return this;
    }

    /** Written to a temporary file and moved, so a reader never sees half of it. */
    void save() {
        try {
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                values.store(out, "submit benchmark");
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
