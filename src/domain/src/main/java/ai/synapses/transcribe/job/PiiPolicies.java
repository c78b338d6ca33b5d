package ai.synapses.transcribe.job;

import java.util.List;

/** The PII policies a customer may name in {@code privacy_settings.pii_policies}. */
public final class PiiPolicies {

    public static final List<String> ALL = List.of(
            "email", "phone_number", "ssn", "credit_card_number", "person_name", "location",
            "date_of_birth", "ip_address", "url", "bank_account_number", "iban");

    private PiiPolicies() {
    }
}
