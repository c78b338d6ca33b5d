package ai.synapses.transcribe.privacy;

import ai.synapses.transcribe.intelligence.EntityType;
import ai.synapses.transcribe.transcript.PiiPolicies;

import java.util.Map;

/** Which entity each policy of {@code privacy_settings.pii_policies} ({@link PiiPolicies#ALL}) redacts. */
public final class PiiPolicy {

    static final Map<String, EntityType> ENTITY = Map.ofEntries(
            Map.entry("email", EntityType.EMAIL_ADDRESS),
            Map.entry("phone_number", EntityType.PHONE_NUMBER),
            Map.entry("ssn", EntityType.US_SOCIAL_SECURITY_NUMBER),
            Map.entry("credit_card_number", EntityType.CREDIT_CARD_NUMBER),
            Map.entry("person_name", EntityType.PERSON_NAME),
            Map.entry("location", EntityType.LOCATION),
            Map.entry("date_of_birth", EntityType.DATE_OF_BIRTH),
            Map.entry("ip_address", EntityType.IP_ADDRESS),
            Map.entry("url", EntityType.URL),
            Map.entry("bank_account_number", EntityType.BANK_ACCOUNT_NUMBER),
            Map.entry("iban", EntityType.IBAN));

    private PiiPolicy() {
    }

    public static EntityType entityOf(String policy) {
        EntityType type = ENTITY.get(policy);
        if (type == null) {
            throw new IllegalArgumentException("unknown PII policy " + policy);
        }
        return type;
    }

    public static String policyOf(EntityType type) {
        return ENTITY.entrySet().stream().filter(e -> e.getValue() == type).map(Map.Entry::getKey).findFirst()
                .orElse(null);
    }
}
