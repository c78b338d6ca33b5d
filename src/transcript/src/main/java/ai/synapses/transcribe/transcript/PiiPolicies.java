package ai.synapses.transcribe.transcript;

import java.util.List;

/** The PII policies a customer may name in {@code privacy_settings.pii_policies}. */
public final class PiiPolicies {

    public static final List<String> ALL = List.of(
            "email", "phone_number", "ssn", "credit_card_number", "person_name", "location",
            "date_of_birth", "ip_address", "url", "bank_account_number", "iban");

    /** {@code privacy_settings.pii_substitution}: {@code ###} for each redacted value (the default). */
    public static final String SUBSTITUTION_HASH = "hash";

    /** {@code privacy_settings.pii_substitution}: the entity's name in brackets, {@code [PHONE_NUMBER]}. */
    public static final String SUBSTITUTION_ENTITY_NAME = "entity_name";

    public static final List<String> SUBSTITUTIONS = List.of(SUBSTITUTION_HASH, SUBSTITUTION_ENTITY_NAME);

    private PiiPolicies() {
    }
}
