package ai.synapses.transcribe.intelligence;

import java.util.Arrays;
import java.util.List;

/** Context words that tell what a span is ("social security" before nine digits), looked for just before it. */
final class Cues {

    private final List<String[]> phrases;

    private Cues(List<String[]> phrases) {
        this.phrases = phrases;
    }

    static Cues of(String... phrases) {
        return new Cues(Arrays.stream(phrases).map(p -> p.split(" ")).toList());
    }

    /**
     * How many tokens lie between the end of the nearest cue and {@code at} (0 = right before it),
     * looking back at most {@code window} tokens; -1 when there is none.
     */
    int distanceBefore(List<String> tokens, int at, int window) {
        int best = -1;
        for (String[] phrase : phrases) {
            for (int end = at - 1; end >= Math.max(0, at - window); end--) {
                if (matchesEndingAt(tokens, phrase, end)) {
                    int distance = at - 1 - end;
                    if (best < 0 || distance < best) {
                        best = distance;
                    }
                    break;
                }
            }
        }
        return best;
    }

    boolean before(List<String> tokens, int at, int window) {
        return distanceBefore(tokens, at, window) >= 0;
    }

    /** A cue right after {@code at}, within {@code window} tokens. */
    boolean after(List<String> tokens, int at, int window) {
        for (String[] phrase : phrases) {
            for (int start = at + 1; start <= Math.min(tokens.size() - 1, at + window); start++) {
                if (matchesEndingAt(tokens, phrase, start + phrase.length - 1)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The cue phrase's length if one starts exactly at {@code at}, else 0. */
    int lengthAt(List<String> tokens, int at) {
        int best = 0;
        for (String[] phrase : phrases) {
            if (matchesEndingAt(tokens, phrase, at + phrase.length - 1)) {
                best = Math.max(best, phrase.length);
            }
        }
        return best;
    }

    private static boolean matchesEndingAt(List<String> tokens, String[] phrase, int end) {
        int start = end - phrase.length + 1;
        if (start < 0 || end >= tokens.size()) {
            return false;
        }
        for (int k = 0; k < phrase.length; k++) {
            if (!tokens.get(start + k).equals(phrase[k])) {
                return false;
            }
        }
        return true;
    }
}
