package ai.synapses.transcribe.intelligence;

import java.util.Locale;

/**
 * What {@code entities[].entity_type} can say. Names follow AssemblyAI's (lower snake case), so a
 * customer migrating keeps their switch statements. {@link #patternBased()} types are found by
 * rules and checksums (and are held to a higher bar in the tests); the others by gazetteers.
 */
public enum EntityType {
    PERSON_NAME(false), LOCATION(false), ORGANIZATION(false),
    DATE(true), DATE_OF_BIRTH(true), TIME(true), MONEY_AMOUNT(true), PERCENTAGE(true),
    EMAIL_ADDRESS(true), PHONE_NUMBER(true), CREDIT_CARD_NUMBER(true), US_SOCIAL_SECURITY_NUMBER(true),
    URL(true), IP_ADDRESS(true), BANK_ACCOUNT_NUMBER(true), IBAN(true);

    private final boolean patternBased;

    EntityType(boolean patternBased) {
        this.patternBased = patternBased;
    }

    public boolean patternBased() {
        return patternBased;
    }

    /** The JSON name: {@code phone_number}. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static EntityType ofJsonName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
