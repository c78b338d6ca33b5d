package ai.synapses.transcribe.intelligence;

import ai.synapses.transcribe.intelligence.SentimentAnalyzer.Sentiment;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SentimentAnalyzerTest {

    static final SentimentAnalyzer ANALYZER = new SentimentAnalyzer();

    static Sentiment of(String sentence) {
        return ANALYZER.score(Arrays.asList(sentence.split(" "))).sentiment();
    }

    @Test
    void negationFlipsAndButWeighsTheSecondClause() {
        assertEquals(Sentiment.POSITIVE, of("the support was good"));
        assertEquals(Sentiment.NEGATIVE, of("the support was not good"));
        assertEquals(Sentiment.NEGATIVE, of("the food was good but the service was terrible"));
        assertEquals(Sentiment.NEUTRAL, of("the meeting is on the third floor"));
    }

    @Test
    void boostersMakeItStronger() {
        double plain = ANALYZER.score(Arrays.asList("it was good".split(" "))).compound();
        double boosted = ANALYZER.score(Arrays.asList("it was really good".split(" "))).compound();
        assertTrue(boosted > plain, boosted + " > " + plain);
    }

    @Test
    void accuracyOnTheLabelledSentences() {
        int right = 0;
        int total = 0;
        for (String[] row : LabelledSet.sentiment()) {
            Sentiment got = of(row[1]);
            total++;
            if (got.name().equals(row[0])) {
                right++;
            } else {
                System.out.println("  expected " + row[0] + " got " + got + ": " + row[1]);
            }
        }
        double accuracy = (double) right / total;
        System.out.printf("sentiment accuracy %.3f (%d of %d)%n", accuracy, right, total);
        assertTrue(total >= 30);
        assertTrue(accuracy >= 0.8, "accuracy " + accuracy);
    }
}
