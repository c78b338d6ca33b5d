package ai.synapses.transcribe.id;

import java.security.SecureRandom;

/** Prefixed, random, URL-safe identifiers: {@code org_…}, {@code trans_…}, {@code txn_…}, {@code req_…}. */
public final class Ids {

    private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    public static final String ORGANIZATION = "org";
    public static final String TRANSCRIPTION = "trans";
    public static final String TRANSACTION = "txn";
    public static final String REQUEST = "req";
    public static final String API_KEY = "key";

    private Ids() {
    }

    /** 20 base-62 characters: about 119 bits of randomness. */
    public static String newId(String prefix) {
        return prefix + "_" + random(20);
    }

    public static String random(int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(chars);
    }
}
