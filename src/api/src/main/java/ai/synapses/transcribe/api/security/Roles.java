package ai.synapses.transcribe.api.security;

/** Who may call a route: a customer's API key, or the operator token. */
public final class Roles {

    /** A valid, unrevoked API key: acts for its organisation. */
    public static final String CUSTOMER = "customer";

    /** TRANSCRIBE_ADMIN_TOKEN: the operator API. */
    public static final String OPERATOR = "operator";

    private Roles() {
    }
}
