package ai.synapses.transcribe.api.transcription;

import ai.synapses.transcribe.transcript.Word;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** SRT and WebVTT captions from a transcript's timed (and written) words, at most {@code charsPerCaption} characters each. */
final class SubtitleWriter {

    record Caption(long start, long end, String text) {
    }

    private SubtitleWriter() {
    }

    /**
     * Captions of the written tokens when the words carry them ("$10,001." once for its five words), of the
     * words themselves otherwise. A caption starts at its first word's start and ends at its last word's end;
     * a sentence's end or a comma closes a caption once it holds half its characters, so captions tend to be
     * sentences and clauses.
     */
    static List<Caption> captions(List<Word> words, int charsPerCaption) {
        List<Caption> captions = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        long start = -1;
        long end = 0;
        Integer lastToken = null;
        boolean clauseEnded = false;
        for (Word word : words) {
            if (word.token() != null && word.token().equals(lastToken)) {
                end = word.end(); // another word of the same written token
                continue;
            }
            lastToken = word.token();
            String token = word.written() != null ? word.written() : word.text();
            if (text.length() > 0 && (clauseEnded || text.length() + 1 + token.length() > charsPerCaption)) {
                captions.add(new Caption(start, end, text.toString()));
                text.setLength(0);
            }
            if (text.length() == 0) {
                start = word.start();
            } else {
                text.append(' ');
            }
            text.append(token);
            end = word.end();
            clauseEnded = word.written() != null && text.length() >= charsPerCaption / 2 && endsClause(token);
        }
        if (text.length() > 0) {
            captions.add(new Caption(start, end, text.toString()));
        }
        return captions;
    }

    private static boolean endsClause(String token) {
        return token.endsWith("?") || token.endsWith("!") || token.endsWith(",")
                || token.endsWith(".") && !token.endsWith(".m.");
    }

    static String srt(List<Caption> captions) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < captions.size(); i++) {
            Caption c = captions.get(i);
            out.append(i + 1).append('\n')
                    .append(time(c.start(), ',')).append(" --> ").append(time(c.end(), ',')).append('\n')
                    .append(c.text()).append("\n\n");
        }
        return out.toString();
    }

    static String vtt(List<Caption> captions) {
        StringBuilder out = new StringBuilder("WEBVTT\n\n");
        for (Caption c : captions) {
            out.append(time(c.start(), '.')).append(" --> ").append(time(c.end(), '.')).append('\n')
                    .append(c.text()).append("\n\n");
        }
        return out.toString();
    }

    private static String time(long millis, char separator) {
        return String.format(Locale.ROOT, "%02d:%02d:%02d%c%03d", millis / 3_600_000, millis / 60_000 % 60,
                millis / 1000 % 60, separator, millis % 1000);
    }
}
