package ai.synapses.transcribe.intelligence;

import ai.synapses.transcribe.transcript.CustomSpelling;
import ai.synapses.transcribe.transcript.Transcript;
import ai.synapses.transcribe.transcript.Utterance;
import ai.synapses.transcribe.transcript.Word;
import ai.synapses.transcribe.transcript.WordText;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The request's {@code custom_spelling} applied to a transcript, before redaction and the text features (so they
 * see the customer's spelling): every word or phrase of a rule's {@code from}, matched whatever its case and the
 * punctuation around it, becomes one word written as the rule's {@code to}, from the first matched word's start to
 * the last one's end, with their mean confidence and the first one's speaker; punctuation around the match stays.
 * Where phrases overlap, the longest starting earliest wins. The text and the utterances are rebuilt from the words.
 */
public final class CustomSpeller {

    private CustomSpeller() {
    }

    private record Rule(List<String> phrase, String to) {
    }

    public static Transcript apply(Transcript transcript, List<CustomSpelling> spellings) {
        if (spellings == null || spellings.isEmpty() || transcript.words().isEmpty()) {
            return transcript;
        }
        List<Rule> rules = new ArrayList<>();
        for (CustomSpelling spelling : spellings) {
            for (String from : spelling.from()) {
                List<String> phrase = WordText.phrase(from);
                if (!phrase.isEmpty()) {
                    rules.add(new Rule(phrase, spelling.to()));
                }
            }
        }
        rules.sort(Comparator.comparingInt((Rule r) -> r.phrase().size()).reversed());

        List<Word> original = transcript.words();
        List<String> normalized = original.stream().map(w -> WordText.normalized(w.text())).toList();
        List<Word> words = new ArrayList<>();
        int[] index = new int[original.size()];
        boolean changed = false;
        for (int i = 0; i < original.size(); ) {
            Rule match = null;
            for (Rule rule : rules) {
                int n = rule.phrase().size();
                if (i + n <= original.size() && normalized.subList(i, i + n).equals(rule.phrase())) {
                    match = rule;
                    break;
                }
            }
            int n = match == null ? 1 : match.phrase().size();
            for (int k = 0; k < n; k++) {
                index[i + k] = words.size();
            }
            if (match == null) {
                words.add(original.get(i));
            } else {
                words.add(spelled(original.subList(i, i + n), match.to()));
                changed = true;
            }
            i += n;
        }
        if (!changed) {
            return transcript;
        }
        return new Transcript(String.join(" ", words.stream().map(Word::text).toList()), words,
                utterances(transcript, words, index), transcript.confidence(), transcript.audioDurationSeconds(),
                transcript.language());
    }

    /** One word for the matched ones: the rule's spelling inside the punctuation the match had around it. */
    private static Word spelled(List<Word> matched, String to) {
        Word first = matched.get(0);
        Word last = matched.get(matched.size() - 1);
        double confidence = matched.stream().mapToDouble(Word::confidence).average().orElse(0);
        String text = leading(first.text()) + to + trailing(last.text());
        return new Word(text, first.start(), last.end(), Math.round(confidence * 1000) / 1000.0, first.speaker());
    }

    private static String leading(String text) {
        int i = 0;
        while (i < text.length() && !Character.isLetterOrDigit(text.codePointAt(i))) {
            i += Character.charCount(text.codePointAt(i));
        }
        return text.substring(0, i);
    }

    private static String trailing(String text) {
        int end = text.length();
        while (end > 0 && !Character.isLetterOrDigit(text.codePointBefore(end))) {
            end -= Character.charCount(text.codePointBefore(end));
        }
        return text.substring(end);
    }

    /** The utterances again from the new words: each new word goes where its first original word was. */
    private static List<Utterance> utterances(Transcript transcript, List<Word> words, int[] index) {
        Map<Word, Integer> position = new HashMap<>();
        List<Word> original = transcript.words();
        for (int i = 0; i < original.size(); i++) {
            position.putIfAbsent(original.get(i), i);
        }
        List<Utterance> out = new ArrayList<>();
        boolean[] placed = new boolean[words.size()];
        for (Utterance u : transcript.utterances()) {
            Map<Integer, Word> mine = new LinkedHashMap<>();
            for (Word w : u.words()) {
                Integer i = position.get(w);
                if (i != null && !placed[index[i]]) {
                    placed[index[i]] = true;
                    mine.put(index[i], words.get(index[i]));
                }
            }
            if (!mine.isEmpty()) {
                List<Word> ws = List.copyOf(mine.values());
                out.add(new Utterance(u.speaker(), String.join(" ", ws.stream().map(Word::text).toList()),
                        ws.get(0).start(), ws.get(ws.size() - 1).end(), u.confidence(), ws));
            }
        }
        return out;
    }
}
