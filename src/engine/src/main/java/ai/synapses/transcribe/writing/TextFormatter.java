package ai.synapses.transcribe.writing;

import ai.synapses.transcribe.intelligence.EntityDetector;
import ai.synapses.transcribe.intelligence.PartOfSpeech;
import ai.synapses.transcribe.transcript.Word;
import ai.synapses.transcribe.writing.WrittenForms.Kind;
import ai.synapses.transcribe.writing.WrittenForms.Piece;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The spoken -> written step: the recogniser's lower-case words become text as people write it.
 * {@code punctuate} adds sentence ends, question marks and commas ({@link Punctuation}); {@code formatText}
 * writes numbers, money, percentages, dates, times, addresses and phone numbers in their written forms
 * ({@link WrittenForms}) and cases the text: sentence starts, "I", names, places and organisations the entity
 * detector finds, months, days and a few proper adjectives. Either alone is allowed; without both the words
 * are left as they are. Works on whatever words it is given, redacted ones included ("###" stays "###").
 * Thread-safe.
 */
public final class TextFormatter {

    /** Always capitalised: days, months that are not everyday words, languages and peoples. */
    private static final Set<String> PROPER = Set.of("monday", "tuesday", "wednesday", "thursday", "friday",
            "saturday", "sunday", "january", "february", "july", "september", "october", "november", "december",
            "english", "spanish", "french", "german", "italian", "chinese", "japanese", "korean", "russian",
            "portuguese", "arabic", "hindi", "american", "americans", "european", "europeans", "british", "canadian",
            "canadians", "mexican", "african", "asian", "indian", "australian", "christmas", "easter",
            "thanksgiving", "halloween", "christian", "muslim", "jewish", "catholic", "god", "internet");

    private static final java.util.regex.Pattern REDACTED = java.util.regex.Pattern.compile("#+|\\[[A-Z_]+]");

    private final EntityDetector entities;
    private final PartOfSpeech partOfSpeech;

    public TextFormatter() {
        this(new EntityDetector(), new PartOfSpeech());
    }

    /** With the entity detector and tagger the rest of the enrichment uses (they are read once per process). */
    public TextFormatter(EntityDetector entities, PartOfSpeech partOfSpeech) {
        this.entities = entities;
        this.partOfSpeech = partOfSpeech;
    }

    /** The written text of {@code words}; with neither option the words themselves, one token each. */
    public WrittenText format(List<Word> words, boolean punctuate, boolean formatText) {
        List<String> t = words.stream().map(w -> w.text().toLowerCase(Locale.ROOT)).toList();
        if (t.isEmpty()) {
            return new WrittenText(List.of(), List.of(), new int[0]);
        }
        List<Piece> pieces;
        if (formatText) {
            pieces = new ArrayList<>();
            for (Piece piece : WrittenForms.pieces(t, entities.detect(t))) {
                String said = words.get(piece.first()).text();
                // a redacted value ("###", "[PHONE_NUMBER]") stays exactly as the redaction wrote it, and so does a
                // word a custom spelling wrote: the recogniser writes lower case, so any capital was asked for
                boolean asWritten = REDACTED.matcher(said).matches() || !said.equals(said.toLowerCase(Locale.ROOT));
                pieces.add(piece.first() == piece.last() && asWritten
                        ? new Piece(said, piece.first(), piece.last(), Kind.LITERAL) : piece);
            }
        } else {
            pieces = new ArrayList<>();
            for (int i = 0; i < t.size(); i++) {
                pieces.add(new Piece(words.get(i).text(), i, i, Kind.LITERAL));
            }
        }
        Punctuation.Mark[] marks = Punctuation.marks(words, t, partOfSpeech);
        List<WrittenText.Token> tokens = new ArrayList<>();
        List<WrittenText.Sentence> sentences = new ArrayList<>();
        int[] tokenOfWord = new int[t.size()];
        int sentenceToken = 0;
        int sentenceWord = 0;
        for (Piece piece : pieces) {
            boolean startsSentence = piece.first() == sentenceWord;
            String text = formatText ? cased(piece, startsSentence) : piece.text();
            Punctuation.Mark mark = marks[piece.last()];
            boolean ends = mark == Punctuation.Mark.END;
            if (punctuate && mark == Punctuation.Mark.COMMA && !text.endsWith(",")) {
                text = text + ",";
            } else if (punctuate && ends) {
                String end = Punctuation.question(t, sentenceWord, piece.last()) ? "?" : ".";
                if (text.endsWith(",")) {
                    text = text.substring(0, text.length() - 1);
                }
                if (!(end.equals(".") && text.endsWith("."))) {
                    text = text + end;
                }
            }
            for (int k = piece.first(); k <= piece.last(); k++) {
                tokenOfWord[k] = tokens.size();
            }
            tokens.add(new WrittenText.Token(text, piece.first(), piece.last()));
            if (ends) {
                sentences.add(new WrittenText.Sentence(sentenceToken, tokens.size() - 1, sentenceWord, piece.last()));
                sentenceToken = tokens.size();
                sentenceWord = piece.last() + 1;
            }
        }
        return new WrittenText(List.copyOf(tokens), List.copyOf(sentences), tokenOfWord);
    }

    private static String cased(Piece piece, boolean startsSentence) {
        String text = piece.text();
        String lower = text.toLowerCase(Locale.ROOT);
        if (piece.kind() == Kind.NAME || piece.kind() == Kind.WORD && PROPER.contains(lower)) {
            text = capitalise(text);
        } else if (piece.kind() == Kind.WORD && (lower.equals("i") || lower.startsWith("i'"))) {
            text = "I" + text.substring(1);
        }
        if (startsSentence && !text.contains("@") && !text.matches("(?:https?://|www\\.).*|[a-z0-9-]+\\.[a-z]{2,}.*")) {
            text = capitalise(text);
        }
        return text;
    }

    /** "sarah" -> "Sarah", "o'brien" -> "O'Brien", "###" unchanged. */
    static String capitalise(String word) {
        if (word.isEmpty() || !Character.isLetter(word.charAt(0))) {
            return word;
        }
        String out = Character.toUpperCase(word.charAt(0)) + word.substring(1);
        if (out.length() > 2 && out.startsWith("O'") && Character.isLetter(out.charAt(2))) {
            out = "O'" + Character.toUpperCase(out.charAt(2)) + out.substring(3);
        }
        return out;
    }
}
