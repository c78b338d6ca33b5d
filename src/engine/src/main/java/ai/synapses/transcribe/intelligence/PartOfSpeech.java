package ai.synapses.transcribe.intelligence;

import opennlp.tools.postag.POSModel;
import opennlp.tools.postag.POSTaggerME;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * OpenNLP's English part-of-speech model ({@code opennlp-models-pos-en}, Universal Dependencies
 * English Web Treebank). The model is immutable and shared; {@link POSTaggerME} is not thread-safe,
 * so each call gets its own (cheap: the model holds the weights).
 */
public final class PartOfSpeech {

    static final String MODEL = "/opennlp-en-ud-ewt-pos-1.3-2.5.4.bin";

    private final POSModel model;

    public PartOfSpeech() {
        try (InputStream in = PartOfSpeech.class.getResourceAsStream(MODEL)) {
            if (in == null) {
                throw new IllegalStateException("OpenNLP model " + MODEL + " is not on the class path");
            }
            model = new POSModel(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One tag per token, Universal Dependencies tags (NOUN, PROPN, ADJ, VERB, ...). */
    public String[] tag(List<String> tokens) {
        return new POSTaggerME(model).tag(tokens.toArray(String[]::new));
    }

    static boolean noun(String tag) {
        return tag.equals("NOUN") || tag.equals("PROPN") || tag.startsWith("NN");
    }

    static boolean adjective(String tag) {
        return tag.equals("ADJ") || tag.startsWith("JJ");
    }
}
