package ai.synapses.transcribe.writing;

import ai.synapses.transcribe.intelligence.PartOfSpeech;
import ai.synapses.transcribe.transcript.Word;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Where sentences end and commas go, from the pauses and a little grammar. The recogniser gives no
 * punctuation, only times: a long pause ends a sentence unless the words around it cannot (after "the",
 * before "but"); a short one is a comma where a phrase can end; some commas need no pause (after "well",
 * "yes", "hi" opening a sentence, before "please" closing one, before "but"). A sentence is a question when
 * it opens as one: a wh-word followed by a verb ("what time does", "where did"), or a verb before its
 * subject ("can you", "is there").
 */
final class Punctuation {

    enum Mark { NONE, COMMA, END }

    static final long LONG_PAUSE_MILLIS = 600;
    static final long SHORT_PAUSE_MILLIS = 250;
    static final int MAX_SENTENCE_WORDS = 40;

    /** Words after which neither a sentence nor a phrase ends. */
    private static final Set<String> NO_END = Set.of("the", "a", "an", "to", "of", "and", "or", "but", "my", "your",
            "our", "their", "his", "its", "in", "on", "at", "for", "with", "from", "by", "about", "is", "are", "was",
            "were", "am", "be", "been", "i", "we", "they", "he", "she", "very", "if", "because", "than", "as",
            "into", "onto", "this", "these", "those", "some", "any", "not", "can", "could", "would", "will",
            "should", "must", "might", "may", "shall", "do", "does", "did", "have", "has", "had", "i'm", "we're",
            "you're", "they're", "it's", "that's", "there's", "what's", "i'll", "we'll", "so", "just", "really",
            "um", "uh", "like", "every", "each", "whose", "which", "where", "when", "who", "how", "why", "what",
            "let's", "let", "please");
    /** Words that carry on the sentence before them: a pause before them is at most a comma. */
    private static final Set<String> CONTINUES = Set.of("and", "but", "or", "nor", "because", "which", "whom",
            "whose", "than", "to", "of", "though", "although", "unless", "whereas", "including", "especially");
    /** After a pause, these continue the clause without a comma ("at 2:30 near the station", "when you can"). */
    private static final Set<String> NO_COMMA_BEFORE = Set.of("near", "when", "in", "at", "on", "to", "for",
            "with", "by", "before", "after", "until", "while", "where", "into", "from", "of", "than", "that", "if",
            "as", "because", "about", "during", "since", "without", "within", "and", "or");
    /** A clause after "and"/"or" opens with one of these: the pause before the conjunction is a comma. */
    private static final Set<String> SUBJECTS = Set.of("i", "we", "you", "they", "he", "she", "it", "there",
            "this", "that", "these", "those", "the", "my", "our", "your", "their", "his", "her", "i'm", "we're",
            "you're", "they're", "it's", "that's", "there's", "i'll", "we'll", "you'll", "they'll", "i've",
            "we've", "i'd", "we'd", "nobody", "everyone", "everybody", "someone");
    /** Said first, then a comma: "well, ...", "yes, ...", "hi, ...". */
    private static final Set<String> OPENERS = Set.of("well", "yes", "yeah", "yep", "okay", "ok", "oh", "hi", "hello",
            "hey", "honestly", "actually", "however", "anyway", "anyways", "first", "firstly", "secondly", "finally",
            "basically", "sorry", "alright", "meanwhile", "unfortunately", "fortunately", "obviously", "personally",
            "frankly", "instead", "otherwise", "besides", "therefore", "additionally", "also", "plus", "listen",
            "thanks", "nope", "no");
    /** A greeting before who it greets: "good morning, everyone". */
    private static final Set<String> GREETED = Set.of("everyone", "everybody", "all", "guys", "folks", "team",
            "y'all");
    private static final Set<String> GREETINGS = Set.of("morning", "afternoon", "evening", "hi", "hello", "hey",
            "thanks", "welcome", "night", "bye", "goodbye");
    private static final Set<String> WH = Set.of("what", "where", "when", "why", "who", "whom", "whose", "which",
            "how");
    private static final Set<String> AUX = Set.of("do", "does", "did", "is", "are", "was", "were", "am", "can",
            "could", "would", "will", "should", "shall", "may", "might", "must", "have", "has", "had", "isn't",
            "aren't", "wasn't", "weren't", "don't", "doesn't", "didn't", "can't", "couldn't", "won't", "wouldn't",
            "shouldn't", "haven't", "hasn't", "what's", "where's", "who's", "how's");
    private static final Set<String> AFTER_WH = Set.of("much", "many", "long", "far", "old", "often", "time",
            "kind", "about", "come", "else");
    private static final Set<String> PRONOUNS = Set.of("you", "i", "we", "they", "he", "she", "it", "there", "that",
            "this", "the", "your", "my", "our", "their", "his", "her", "anyone", "anybody", "anything", "someone",
            "somebody", "something", "everyone", "everything", "we'll", "you'll");
    /** Said before the real start of a sentence: skipped when asking whether it is a question. */
    private static final Set<String> LEAD_INS = Set.of("so", "and", "but", "okay", "ok", "well", "oh", "um", "uh",
            "now", "then", "also", "sorry", "hey", "alright", "right");

    private Punctuation() {
    }

    /** Said to the listeners, set off by commas: "and so, my fellow Americans, ask not ...". */
    private static final List<List<String>> VOCATIVES = List.of(List.of("my", "fellow", "*"), List.of("my", "dear", "*"),
            List.of("my", "friends"), List.of("ladies", "and", "gentlemen"), List.of("dear", "friends"),
            List.of("everyone"), List.of("everybody"), List.of("folks"), List.of("guys"), List.of("y'all"));
    private static final Set<String> GREETING_STARTS = Set.of("good", "hi", "hello", "hey", "welcome", "thanks",
            "thank", "bye", "goodbye", "dear");

    /**
     * The mark after each word of {@code t} (lower case), the last word's always {@link Mark#END};
     * {@code tagger} tags a stretch of words with their parts of speech when a rule needs them (rarely:
     * a whole transcript at once would take the tagger far longer than its sentences one by one).
     */
    static Mark[] marks(List<Word> words, List<String> t, PartOfSpeech tagger) {
        int n = t.size();
        Mark[] marks = new Mark[n];
        int sentenceStart = 0;
        for (int i = 0; i < n; i++) {
            if (i == n - 1) {
                marks[i] = Mark.END;
                break;
            }
            Word word = words.get(i);
            Word nextWord = words.get(i + 1);
            String w = t.get(i);
            String next = t.get(i + 1);
            long pause = nextWord.start() - word.end();
            int length = i - sentenceStart + 1;
            boolean speakerChange = word.speaker() != null && nextWord.speaker() != null
                    && !Objects.equals(word.speaker(), nextWord.speaker());
            Mark mark;
            if (speakerChange) {
                mark = Mark.END;
            } else if (pause >= LONG_PAUSE_MILLIS) {
                mark = NO_END.contains(w) ? Mark.NONE
                        : CONTINUES.contains(next) ? (next.equals("and") || next.equals("or") || next.equals("to")
                                || next.equals("of") ? Mark.NONE : Mark.COMMA)
                        : Mark.END;
                if (mark == Mark.NONE && (next.equals("and") || next.equals("or")) && subjectAfter(t, i + 1)) {
                    mark = Mark.COMMA;
                }
                int vocative = mark == Mark.END ? vocativeEndingAt(t, sentenceStart, i) : -1;
                if (vocative >= 0 && verbless(tagger, t, sentenceStart, i)
                        && !GREETING_STARTS.contains(t.get(sentenceStart))) {
                    // a verbless lead-in closed by whom it addresses: the sentence goes on after the pause
                    mark = Mark.COMMA;
                    if (vocative > sentenceStart) {
                        marks[vocative - 1] = Mark.COMMA;
                    }
                }
            } else if (pause >= SHORT_PAUSE_MILLIS) {
                if (NO_END.contains(w)) {
                    mark = Mark.NONE;
                } else if (next.equals("and") || next.equals("or")) {
                    mark = subjectAfter(t, i + 1) ? Mark.COMMA : Mark.NONE;
                } else if (NO_COMMA_BEFORE.contains(next)) {
                    mark = Mark.NONE;
                } else {
                    mark = Mark.COMMA;
                    int vocative = vocativeEndingAt(t, sentenceStart, i);
                    if (vocative > sentenceStart && verbless(tagger, t, sentenceStart, i)
                            && !GREETING_STARTS.contains(t.get(sentenceStart))) {
                        marks[vocative - 1] = Mark.COMMA;
                    }
                }
            } else {
                mark = Mark.NONE;
                // "no" is an answer before a subject ("no, i didn't"), not before a noun ("no problem")
                if (length == 1 && OPENERS.contains(w) && !(w.equals("no") && !SUBJECTS.contains(next))
                        || length <= 3 && GREETINGS.contains(w) && GREETED.contains(next)
                        || next.equals("but") && length >= 3
                        || next.equals("please") && (i + 2 == n || t.size() > i + 2 && pauseAfter(words, i + 1)
                                >= SHORT_PAUSE_MILLIS)) {
                    mark = Mark.COMMA;
                }
            }
            marks[i] = mark;
            if (mark == Mark.END) {
                sentenceStart = i + 1;
            }
        }
        capRunOns(words, marks);
        return marks;
    }

    /** The first word of a vocative ending at {@code last} (not before {@code first}), or -1. */
    private static int vocativeEndingAt(List<String> t, int first, int last) {
        for (List<String> pattern : VOCATIVES) {
            int start = last - pattern.size() + 1;
            if (start < first) {
                continue;
            }
            boolean matches = true;
            for (int k = 0; k < pattern.size() && matches; k++) {
                matches = pattern.get(k).equals("*") || pattern.get(k).equals(t.get(start + k));
            }
            if (matches) {
                return start;
            }
        }
        return -1;
    }

    /** Whether the tagger finds no verb in words {@code [first, last]}. */
    private static boolean verbless(PartOfSpeech tagger, List<String> t, int first, int last) {
        for (String tag : tagger.tag(t.subList(first, last + 1))) {
            if (tag.equals("VERB") || tag.equals("AUX") || tag.startsWith("VB") || tag.equals("MD")) {
                return false;
            }
        }
        return true;
    }

    private static long pauseAfter(List<Word> words, int i) {
        return i + 1 < words.size() ? words.get(i + 1).start() - words.get(i).end() : Long.MAX_VALUE;
    }

    /** "and twelve of them", "and i haven't": a new clause, not a list's last item. */
    private static boolean subjectAfter(List<String> t, int conjunction) {
        if (conjunction + 1 >= t.size()) {
            return false;
        }
        String after = t.get(conjunction + 1);
        return SUBJECTS.contains(after) || ai.synapses.transcribe.intelligence.SpokenNumbers.isNumberWord(after)
                && conjunction + 3 < t.size() && t.get(conjunction + 2).equals("of");
    }

    /** A sentence over {@link #MAX_SENTENCE_WORDS} words ends at its longest pause, until none is. */
    private static void capRunOns(List<Word> words, Mark[] marks) {
        int start = 0;
        for (int i = 0; i < marks.length; i++) {
            if (marks[i] != Mark.END) {
                continue;
            }
            if (i - start + 1 > MAX_SENTENCE_WORDS) {
                int cut = -1;
                long longest = -1;
                for (int k = start + 3; k < i - 3; k++) {
                    long pause = words.get(k + 1).start() - words.get(k).end();
                    if (pause > longest) {
                        longest = pause;
                        cut = k;
                    }
                }
                if (cut >= 0) {
                    marks[cut] = Mark.END;
                    i = start - 1; // look at both halves again
                    continue;
                }
            }
            start = i + 1;
        }
    }

    /** Whether the words {@code [first, last]} ask a question. */
    static boolean question(List<String> t, int first, int last) {
        int i = first;
        while (i < last && LEAD_INS.contains(t.get(i))) {
            i++;
        }
        if (i >= last) {
            return false;
        }
        String w = t.get(i);
        String next = t.get(i + 1);
        if (WH.contains(w)) {
            return AUX.contains(next) || AFTER_WH.contains(next) || w.equals("who") && !PRONOUNS.contains(next)
                    || w.equals("how") && Set.of("about").contains(next);
        }
        if (w.endsWith("'s") && WH.contains(w.substring(0, w.length() - 2))) {
            return true; // "what's", "where's"
        }
        return AUX.contains(w) && PRONOUNS.contains(next) && !w.equals("had");
    }
}
