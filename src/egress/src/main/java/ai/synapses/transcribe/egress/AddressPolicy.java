package ai.synapses.transcribe.egress;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Decides whether an IP address may be contacted. Pure logic on the address bytes: no lookups.
 *
 * <p>IPv6 forms that carry an IPv4 address (mapped, compatible, NAT64, 6to4) are judged by that IPv4
 * address, because the packets end up there. Cloud metadata endpoints, multicast, unspecified,
 * broadcast and reserved addresses are refused even when {@code allowPrivateAddresses} is on: no local
 * test needs them, and metadata endpoints hand out credentials.
 */
public final class AddressPolicy {

    private final boolean allowPrivateAddresses;

    public AddressPolicy(boolean allowPrivateAddresses) {
        this.allowPrivateAddresses = allowPrivateAddresses;
    }

    public boolean allowPrivateAddresses() {
        return allowPrivateAddresses;
    }

    public boolean allows(InetAddress address) {
        return allows(classify(address));
    }

    public boolean allows(AddressClass addressClass) {
        return addressClass == AddressClass.PUBLIC || (allowPrivateAddresses && addressClass.localNetwork());
    }

    /** Throws {@code address_forbidden} naming the address class when {@code address} may not be contacted. */
    public void check(String host, InetAddress address) throws EgressException {
        AddressClass addressClass = classify(address);
        if (!allows(addressClass)) {
            throw EgressException.forbidden(host, addressClass);
        }
    }

    public static AddressClass classify(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            return classifyV4(bytes, 0);
        }
        if (address instanceof Inet6Address) {
            return classifyV6(bytes);
        }
        throw new IllegalArgumentException("not an IP address: " + address);
    }

    private static AddressClass classifyV4(byte[] b, int at) {
        int a0 = b[at] & 0xff, a1 = b[at + 1] & 0xff, a2 = b[at + 2] & 0xff, a3 = b[at + 3] & 0xff;
        // Metadata first: most of them sit inside link-local or CGNAT space, which dev mode allows.
        if ((a0 == 169 && a1 == 254 && ((a2 == 169 && a3 == 254)       // AWS, GCP, Azure, OCI IMDS
                || (a2 == 170 && (a3 == 2 || a3 == 23))))                // ECS task credentials, EKS pod identity
                || (a0 == 100 && a1 == 100 && a2 == 100 && a3 == 200)) { // Alibaba Cloud
            return AddressClass.CLOUD_METADATA;
        }
        if (a0 == 0) {
            return AddressClass.UNSPECIFIED; // 0.0.0.0/8 "this network": Linux connects 0.0.0.0 to loopback
        }
        if (a0 == 255 && a1 == 255 && a2 == 255 && a3 == 255) {
            return AddressClass.BROADCAST;
        }
        if (a0 >= 224 && a0 <= 239) {
            return AddressClass.MULTICAST;
        }
        if (a0 >= 240
                || (a0 == 192 && a1 == 0 && a2 == 0)          // IETF protocol assignments (192.0.0.0/24)
                || (a0 == 198 && (a1 == 18 || a1 == 19))) {   // benchmarking (198.18.0.0/15), used inside data centres
            return AddressClass.RESERVED;
        }
        if (a0 == 127) {
            return AddressClass.LOOPBACK;
        }
        if (a0 == 10 || (a0 == 172 && a1 >= 16 && a1 <= 31) || (a0 == 192 && a1 == 168)) {
            return AddressClass.PRIVATE;
        }
        if (a0 == 100 && a1 >= 64 && a1 <= 127) {
            return AddressClass.CARRIER_GRADE_NAT;
        }
        if (a0 == 169 && a1 == 254) {
            return AddressClass.LINK_LOCAL;
        }
        return AddressClass.PUBLIC;
    }

    private static AddressClass classifyV6(byte[] b) {
        if (isMetadataV6(b)) {
            return AddressClass.CLOUD_METADATA;
        }
        if (zeros(b, 0, 15)) {
            int last = b[15] & 0xff;
            if (last == 0) {
                return AddressClass.UNSPECIFIED;
            }
            if (last == 1) {
                return AddressClass.LOOPBACK;
            }
        }
        if (zeros(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return classifyV4(b, 12);                  // IPv4-mapped ::ffff:a.b.c.d
        }
        if (zeros(b, 0, 12)) {
            return classifyV4(b, 12);                  // IPv4-compatible ::a.b.c.d (deprecated, still routed by some stacks)
        }
        if (b[0] == 0x00 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
            if (zeros(b, 4, 12)) {
                return classifyV4(b, 12);              // NAT64 well-known prefix 64:ff9b::/96
            }
            if (b[4] == 0x00 && b[5] == 0x01) {
                return AddressClass.PRIVATE;           // 64:ff9b:1::/48, local-use NAT64 (RFC 8215): translates into private networks
            }
        }
        if (b[0] == 0x20 && b[1] == 0x02) {
            return classifyV4(b, 2);                   // 6to4 2002:aabb:ccdd::/48 tunnels to a.b.c.d
        }
        int first = b[0] & 0xff;
        if (first == 0xff) {
            return AddressClass.MULTICAST;
        }
        if (first == 0xfe && (b[1] & 0xc0) == 0x80) {
            return AddressClass.LINK_LOCAL;            // fe80::/10
        }
        if (first == 0xfe && (b[1] & 0xc0) == 0xc0) {
            return AddressClass.PRIVATE;               // fec0::/10, deprecated site-local
        }
        if ((first & 0xfe) == 0xfc) {
            return AddressClass.UNIQUE_LOCAL;          // fc00::/7
        }
        return AddressClass.PUBLIC;
    }

    /** fd00:ec2::254 (AWS IMDS over IPv6) and fd00:ec2::23 (EKS pod identity). */
    private static boolean isMetadataV6(byte[] b) {
        if ((b[0] & 0xff) != 0xfd || b[1] != 0x00 || (b[2] & 0xff) != 0x0e || (b[3] & 0xff) != 0xc2 || !zeros(b, 4, 14)) {
            return false;
        }
        int low = ((b[14] & 0xff) << 8) | (b[15] & 0xff);
        return low == 0x254 || low == 0x23;
    }

    private static boolean zeros(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
