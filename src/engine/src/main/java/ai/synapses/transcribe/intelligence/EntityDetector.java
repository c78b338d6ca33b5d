package ai.synapses.transcribe.intelligence;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Named entities in a recogniser's words. No English NER model is on Maven Central for OpenNLP and
 * Stanford's is GPL-3.0, so this is rules: spoken forms turned back into what they say (digits,
 * "at" and "dot"), checked by libphonenumber and commons-validator, and gazetteers written for this
 * project for the names. Thread-safe once built; building reads the word lists (a few ms).
 */
public final class EntityDetector {

    private final SpokenAddressFinder addresses;
    private final DigitSequenceFinder digitSequences = new DigitSequenceFinder();
    private final DateTimeFinder datesAndTimes = new DateTimeFinder();
    private final AmountFinder amounts = new AmountFinder();
    private final NameFinder names;

    public EntityDetector() {
        Gazetteer firstNames = Gazetteer.load("first-names.txt");
        Set<String> stopwords = Gazetteer.load("stopwords.txt").words();
        addresses = new SpokenAddressFinder(firstNames);
        names = new NameFinder(firstNames, Gazetteer.load("surnames.txt"), Gazetteer.load("locations.txt"),
                Gazetteer.load("organizations.txt"), stopwords);
    }

    /** Entities over {@code words} (one token each), most specific first, never overlapping, in word order. */
    public List<EntitySpan> detect(List<String> words) {
        List<String> tokens = words.stream().map(EntityDetector::normalize).toList();
        Claims claims = new Claims(tokens.size());
        addresses.find(tokens, claims);
        digitSequences.find(tokens, claims);
        names.findStreetAddresses(tokens, claims);
        datesAndTimes.find(tokens, claims);
        amounts.find(tokens, claims);
        names.find(tokens, claims);
        return claims.inOrder();
    }

    /** Lower case, without the sentence punctuation a non-Vosk engine may add ("smith," -> "smith"). */
    static String normalize(String word) {
        String token = word.toLowerCase(Locale.ROOT).strip();
        while (!token.isEmpty() && ",;:!?\"".indexOf(token.charAt(token.length() - 1)) >= 0) {
            token = token.substring(0, token.length() - 1);
        }
        if (token.endsWith(".") && !token.matches(".*\\.[a-z]{2,}\\.?$") && !token.equals("a.m.") && !token.equals("p.m.")) {
            token = token.substring(0, token.length() - 1);
        }
        return token;
    }
}
