package ai.synapses.transcribe.egress;

/** What kind of network an IP address belongs to, as far as outbound requests are concerned. */
public enum AddressClass {
    PUBLIC("a public address", false),
    LOOPBACK("a loopback address", true),
    PRIVATE("a private address", true),
    CARRIER_GRADE_NAT("a carrier-grade NAT (100.64.0.0/10) address", true),
    LINK_LOCAL("a link-local address", true),
    UNIQUE_LOCAL("a unique-local IPv6 address", true),
    CLOUD_METADATA("a cloud metadata address", false),
    MULTICAST("a multicast address", false),
    UNSPECIFIED("an unspecified address", false),
    BROADCAST("a broadcast address", false),
    RESERVED("a reserved address", false);

    private final String description;
    private final boolean localNetwork;

    AddressClass(String description, boolean localNetwork) {
        this.description = description;
        this.localNetwork = localNetwork;
    }

    /** For messages: "a loopback address". Never the address itself (it would turn errors into a DNS oracle for internal names). */
    public String description() {
        return description;
    }

    /** A network a developer's machine legitimately serves test files from; allowed only with {@code allowPrivateAddresses}. */
    public boolean localNetwork() {
        return localNetwork;
    }
}
