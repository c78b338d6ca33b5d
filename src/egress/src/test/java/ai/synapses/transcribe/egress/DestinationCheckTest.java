package ai.synapses.transcribe.egress;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A URL checked the way the egress client checks it, without connecting: literals against the policy, names
 * through the system resolver ({@code localhost} is in every machine's hosts file, so this needs no network).
 */
class DestinationCheckTest {

    private static final Duration LOOKUP = Duration.ofSeconds(5);

    @Test
    void aNameThatResolvesToLoopbackIsRefusedInProduction() {
        try (DestinationCheck production = new DestinationCheck(new AddressPolicy(false), LOOKUP)) {
            EgressException e = assertThrows(EgressException.class, () -> production.check("https://localhost:8443/hooks?token=x"));
            assertEquals(EgressException.Reason.ADDRESS_FORBIDDEN, e.reason(), e.getMessage());
        }
    }

    @Test
    void theSameNameIsAllowedWhereLocalNetworksAre() throws EgressException {
        try (DestinationCheck dev = new DestinationCheck(new AddressPolicy(true), LOOKUP)) {
            assertEquals("https://localhost:8443/hooks?token=x", dev.check("https://localhost:8443/hooks?token=x").toString());
        }
    }

    @Test
    void literalsAreJudgedWithoutDnsAndMetadataStaysRefusedEverywhere() {
        try (DestinationCheck dev = new DestinationCheck(new AddressPolicy(true), LOOKUP)) {
            for (String url : new String[] {"https://169.254.169.254/latest", "https://[::ffff:169.254.169.254]/",
                    "https://0.0.0.0/hook", "https://224.0.0.1/"}) {
                EgressException e = assertThrows(EgressException.class, () -> dev.check(url), url);
                assertEquals(EgressException.Reason.ADDRESS_FORBIDDEN, e.reason(), url + ": " + e.getMessage());
            }
        }
    }

    @Test
    void aNameWithoutAddressesIsUnresolvable() {
        try (DestinationCheck dev = new DestinationCheck(new AddressPolicy(true), LOOKUP)) {
            // .invalid is reserved: it never resolves (RFC 6761)
            EgressException e = assertThrows(EgressException.class, () -> dev.check("https://hooks.example.invalid/x"));
            assertEquals(EgressException.Reason.HOST_UNRESOLVABLE, e.reason(), e.getMessage());
        }
    }

    @Test
    void whatIsNotAnHttpsUrlIsRefusedAsSuch() {
        try (DestinationCheck dev = new DestinationCheck(new AddressPolicy(true), LOOKUP)) {
            assertEquals(EgressException.Reason.URL_NOT_HTTPS,
                    assertThrows(EgressException.class, () -> dev.check("http://localhost/")).reason());
            assertEquals(EgressException.Reason.URL_HAS_CREDENTIALS,
                    assertThrows(EgressException.class, () -> dev.check("https://u:p@localhost/")).reason());
        }
    }
}
