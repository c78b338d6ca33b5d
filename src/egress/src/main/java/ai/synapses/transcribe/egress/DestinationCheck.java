package ai.synapses.transcribe.egress;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.UnknownHostException;
import java.time.Duration;

/**
 * The address rules of {@link SafeHttpClient}, applied to a URL without connecting to it: the static checks,
 * then every address its host resolves to now, through the same guarded resolver (at most the connect
 * time-out). For URLs that are stored to be called later, such as a webhook's, so that one the client would
 * refuse is refused when it is given; the client checks the addresses again when it connects, because DNS
 * answers change. Blocking (DNS): call it from a worker thread.
 */
@ApplicationScoped
public class DestinationCheck implements AutoCloseable {

    private final AddressPolicy policy;
    private final GuardedDnsResolver resolver;

    @Inject
    public DestinationCheck(FetchSettings settings) {
        this(new AddressPolicy(settings.allowPrivateAddresses()), settings.connectTimeout());
    }

    public DestinationCheck(AddressPolicy policy, Duration lookupTimeout) {
        this.policy = policy;
        this.resolver = new GuardedDnsResolver(policy, lookupTimeout);
    }

    /**
     * @return the URL as the client would call it
     * @throws EgressException {@code url_invalid}, {@code url_not_https}, {@code url_has_credentials},
     *                         {@code address_forbidden} or {@code host_unresolvable}
     */
    public EgressUrl check(String url) throws EgressException {
        EgressUrl parsed = EgressUrl.parse(url);
        if (parsed.literal() != null) {
            policy.check(parsed.host(), parsed.literal());
            return parsed;
        }
        try {
            resolver.resolve(parsed.host());
            return parsed;
        } catch (GuardedDnsResolver.Refusal refusal) {
            throw refusal.reason();
        } catch (UnknownHostException e) {
            throw new EgressException(EgressException.Reason.HOST_UNRESOLVABLE, "host " + parsed.host() + " could not be resolved", e);
        }
    }

    @PreDestroy
    @Override
    public void close() {
        resolver.close();
    }
}
