package ai.synapses.transcribe.privacy;

import ai.synapses.transcribe.intelligence.EntitySpan;
import ai.synapses.transcribe.intelligence.EntityType;
import ai.synapses.transcribe.transcript.PiiPolicies;
import ai.synapses.transcribe.transcript.Word;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Redacts the words of the entities the chosen policies cover: the words of each value become one
 * word, {@code ###} or {@code [PHONE_NUMBER]}, timed from the first word's start to the last one's
 * end, so captions keep their timing. Every other place the same value is said is redacted as well,
 * found or not (a name said once with "my name is" and later alone). Everything else in the result
 * (text, utterances, sentences, entities, highlights, summary, captions) is built from these words,
 * which is what keeps a redacted value out of all of them.
 */
public final class PiiRedactor {

    /**
     * The redacted words, where each original word went ({@code index[i]}: the redacted word that
     * holds word {@code i}), the spans that were redacted (original indices) and how many per policy.
     */
    public record Redaction(List<Word> words, int[] index, List<EntitySpan> redacted, Map<String, Integer> counts) {
    }

    /** Said before a name, not part of it: never redacted on their own. */
    private static final Set<String> TITLES = Set.of("mister", "mr", "mrs", "missus", "misses", "ms", "miss",
            "doctor", "dr", "professor", "officer", "detective", "judge", "nurse");

    private PiiRedactor() {
    }

    public static String substitute(EntityType type, String substitution) {
        return PiiPolicies.SUBSTITUTION_ENTITY_NAME.equals(substitution) ? "[" + type.name() + "]" : "###";
    }

    public static Redaction redact(List<Word> words, List<EntitySpan> entities, Collection<String> policies,
            String substitution) {
        Set<EntityType> types = new HashSet<>();
        policies.forEach(p -> types.add(PiiPolicy.entityOf(p)));
        EntitySpan[] at = new EntitySpan[words.size()];
        List<EntitySpan> redacted = new ArrayList<>();
        for (EntitySpan e : entities) {
            if (types.contains(e.type())) {
                mark(at, e, redacted);
            }
        }
        // the same values said elsewhere, where no finder caught them; a person's names one by one as well
        // ("priya raghunathan" ... "raghunathan is spelled")
        for (EntitySpan e : List.copyOf(redacted)) {
            List<List<String>> values = new ArrayList<>();
            values.add(tokens(words, e.first(), e.last()));
            if (e.type() == EntityType.PERSON_NAME && e.last() > e.first()) {
                for (int k = e.first(); k <= e.last(); k++) {
                    values.add(tokens(words, k, k));
                }
            }
            for (List<String> value : values) {
                if (value.size() == 1 && (value.get(0).length() < 3 || TITLES.contains(value.get(0)))) {
                    continue;
                }
                for (int i = 0; i + value.size() <= words.size(); i++) {
                    if (at[i] == null && tokens(words, i, i + value.size() - 1).equals(value)) {
                        mark(at, new EntitySpan(e.type(), i, i + value.size() - 1), redacted);
                    }
                }
            }
        }
        redacted.sort(java.util.Comparator.comparingInt(EntitySpan::first));
        List<Word> out = new ArrayList<>();
        int[] index = new int[words.size()];
        Map<String, Integer> counts = new TreeMap<>();
        int i = 0;
        while (i < words.size()) {
            EntitySpan e = at[i];
            if (e == null) {
                index[i] = out.size();
                out.add(words.get(i));
                i++;
                continue;
            }
            Word first = words.get(e.first());
            Word last = words.get(e.last());
            double confidence = 1;
            for (int k = e.first(); k <= e.last(); k++) {
                confidence = Math.min(confidence, words.get(k).confidence());
                index[k] = out.size();
            }
            out.add(new Word(substitute(e.type(), substitution), first.start(), last.end(), confidence, first.speaker()));
            counts.merge(PiiPolicy.policyOf(e.type()), 1, Integer::sum);
            i = e.last() + 1;
        }
        return new Redaction(out, index, redacted, counts);
    }

    private static void mark(EntitySpan[] at, EntitySpan e, List<EntitySpan> redacted) {
        for (int k = e.first(); k <= e.last(); k++) {
            if (at[k] != null) {
                return;
            }
        }
        for (int k = e.first(); k <= e.last(); k++) {
            at[k] = e;
        }
        redacted.add(e);
    }

    private static List<String> tokens(List<Word> words, int first, int last) {
        List<String> out = new ArrayList<>();
        for (int k = first; k <= last; k++) {
            out.add(words.get(k).text().toLowerCase(Locale.ROOT));
        }
        return out;
    }
}
