package ai.synapses.transcribe.intelligence;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A word list from the class path ({@code first-names.txt}, ...): entries of one or more words, the
 * ones that are also everyday words marked {@code *}. Looks up the longest entry starting at a token.
 */
final class Gazetteer {

    private final Map<String, Boolean> entries = new HashMap<>(); // entry -> ambiguous
    private int longest = 1;

    private Gazetteer() {
    }

    static Gazetteer load(String resource) {
        Gazetteer gazetteer = new Gazetteer();
        try (InputStream in = Gazetteer.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing gazetteer " + resource);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                boolean ambiguous = line.endsWith("*");
                String entry = ambiguous ? line.substring(0, line.length() - 1) : line;
                gazetteer.entries.merge(entry, ambiguous, (a, b) -> a || b);
                gazetteer.longest = Math.max(gazetteer.longest, entry.split(" ").length);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return gazetteer;
    }

    boolean contains(String token) {
        return entries.containsKey(token);
    }

    boolean ambiguous(String entry) {
        return Boolean.TRUE.equals(entries.get(entry));
    }

    /** The number of tokens of the longest entry starting at {@code at}, or 0. */
    int matchAt(List<String> tokens, int at) {
        for (int length = Math.min(longest, tokens.size() - at); length >= 1; length--) {
            if (entries.containsKey(String.join(" ", tokens.subList(at, at + length)))) {
                return length;
            }
        }
        return 0;
    }

    Set<String> words() {
        return new HashSet<>(entries.keySet());
    }
}
