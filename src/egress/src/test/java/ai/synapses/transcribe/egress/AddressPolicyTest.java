package ai.synapses.transcribe.egress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Address classes and the allow matrix; every address is built from bytes or a literal, nothing is contacted. */
class AddressPolicyTest {

    private static final AddressPolicy STRICT = new AddressPolicy(false);
    private static final AddressPolicy DEV = new AddressPolicy(true);

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "127.0.0.1, LOOPBACK",
            "127.255.255.254, LOOPBACK",
            "10.0.0.1, PRIVATE",
            "10.255.255.255, PRIVATE",
            "172.16.0.1, PRIVATE",
            "172.31.255.255, PRIVATE",
            "192.168.1.1, PRIVATE",
            "100.64.0.1, CARRIER_GRADE_NAT",
            "100.127.255.255, CARRIER_GRADE_NAT",
            "169.254.1.1, LINK_LOCAL",
            "169.254.169.254, CLOUD_METADATA",
            "169.254.170.2, CLOUD_METADATA",
            "100.100.100.200, CLOUD_METADATA",
            "224.0.0.1, MULTICAST",
            "239.255.255.250, MULTICAST",
            "0.0.0.0, UNSPECIFIED",
            "0.1.2.3, UNSPECIFIED",
            "255.255.255.255, BROADCAST",
            "240.0.0.1, RESERVED",
            "198.18.0.1, RESERVED",
            "172.15.255.255, PUBLIC",
            "172.32.0.1, PUBLIC",
            "100.63.255.255, PUBLIC",
            "100.128.0.1, PUBLIC",
            "169.253.255.255, PUBLIC",
            "93.184.216.34, PUBLIC",
            "8.8.8.8, PUBLIC",
            "1.1.1.1, PUBLIC",
    })
    void classifiesIpv4(String address, AddressClass expected) throws Exception {
        assertEquals(expected, AddressPolicy.classify(v4(address)));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "::1, LOOPBACK",
            "::, UNSPECIFIED",
            "fe80::1, LINK_LOCAL",
            "febf:ffff::1, LINK_LOCAL",
            "fec0::1, PRIVATE",
            "fc00::1, UNIQUE_LOCAL",
            "fd12:3456:789a::1, UNIQUE_LOCAL",
            "ff02::1, MULTICAST",
            "ff0e::101, MULTICAST",
            "fd00:ec2::254, CLOUD_METADATA",
            "fd00:ec2::23, CLOUD_METADATA",
            "fd00:ec2::255, UNIQUE_LOCAL",
            // IPv4-mapped, kept as 16 bytes (the JDK's parser would turn them into IPv4)
            "::ffff:127.0.0.1, LOOPBACK",
            "::ffff:7f00:1, LOOPBACK",
            "::ffff:10.1.2.3, PRIVATE",
            "::ffff:169.254.169.254, CLOUD_METADATA",
            "::ffff:0.0.0.0, UNSPECIFIED",
            "::ffff:8.8.8.8, PUBLIC",
            // IPv4-compatible (deprecated)
            "::127.0.0.1, LOOPBACK",
            "::7f00:1, LOOPBACK",
            "::a9fe:a9fe, CLOUD_METADATA",
            "::0.0.0.2, UNSPECIFIED",
            // NAT64
            "64:ff9b::127.0.0.1, LOOPBACK",
            "64:ff9b::a9fe:a9fe, CLOUD_METADATA",
            "64:ff9b::c0a8:101, PRIVATE",
            "64:ff9b::808:808, PUBLIC",
            "64:ff9b:1::1, PRIVATE",
            // 6to4
            "2002:7f00:1::1, LOOPBACK",
            "2002:a9fe:a9fe::1, CLOUD_METADATA",
            "2002:a00:1::, PRIVATE",
            "2002:808:808::1, PUBLIC",
            // public
            "2606:4700::1, PUBLIC",
            "2001:4860:4860::8888, PUBLIC",
    })
    void classifiesIpv6(String literal, AddressClass expected) throws Exception {
        assertEquals(expected, AddressPolicy.classify(v6(literal)));
    }

    @ParameterizedTest(name = "{0}: strict refuses, dev mode {1}")
    @CsvSource({
            "127.0.0.1, true",
            "10.0.0.1, true",
            "172.20.1.1, true",
            "192.168.0.10, true",
            "100.64.1.1, true",
            "169.254.10.10, true",
            "::1, true",
            "fe80::1, true",
            "fd00::1, true",
            "::ffff:127.0.0.1, true",
            "169.254.169.254, false",
            "100.100.100.200, false",
            "fd00:ec2::254, false",
            "::ffff:169.254.169.254, false",
            "224.0.0.251, false",
            "ff02::fb, false",
            "0.0.0.0, false",
            "::, false",
            "255.255.255.255, false",
            "240.1.2.3, false",
    })
    void strictRefusesAndDevModeAllowsOnlyLocalNetworks(String address, boolean allowedInDev) throws Exception {
        InetAddress parsed = address.contains(":") ? v6(address) : v4(address);
        assertFalse(STRICT.allows(parsed));
        assertEquals(allowedInDev, DEV.allows(parsed));
    }

    @ParameterizedTest
    @CsvSource({"93.184.216.34", "2606:4700::1", "8.8.8.8", "2001:4860:4860::8888", "::ffff:93.184.216.34"})
    void publicAddressesAreAllowedEitherWay(String address) throws Exception {
        InetAddress parsed = address.contains(":") ? v6(address) : v4(address);
        assertTrue(STRICT.allows(parsed));
        assertTrue(DEV.allows(parsed));
    }

    @Test
    void refusalNamesTheAddressClassButNotTheAddress() throws Exception {
        EgressException e = assertThrows(EgressException.class, () -> STRICT.check("files.internal", v4("10.1.2.3")));
        assertEquals("address_forbidden", e.code());
        assertTrue(e.getMessage().contains("a private address"), e.getMessage());
        assertFalse(e.getMessage().contains("10.1.2.3"), e.getMessage());
        EgressException metadata = assertThrows(EgressException.class, () -> DEV.check("h", v4("169.254.169.254")));
        assertTrue(metadata.getMessage().contains("cloud metadata"), metadata.getMessage());
    }

    private static InetAddress v4(String dotted) throws UnknownHostException {
        String[] parts = dotted.split("\\.");
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            bytes[i] = (byte) Integer.parseInt(parts[i]);
        }
        return InetAddress.getByAddress(bytes);
    }

    /** 16 bytes as an Inet6Address, even for mapped forms (parsed by hand: no resolver involved). */
    static InetAddress v6(String literal) throws UnknownHostException {
        byte[] bytes = new byte[16];
        String text = literal;
        byte[] v4Tail = null;
        int lastColon = text.lastIndexOf(':');
        if (text.indexOf('.', lastColon) >= 0) {
            v4Tail = v4(text.substring(lastColon + 1)).getAddress();
            text = text.substring(0, lastColon + 1) + "0:0";
        }
        String[] halves = text.split("::", -1);
        String[] head = halves[0].isEmpty() ? new String[0] : halves[0].split(":");
        String[] tail = halves.length > 1 && !halves[1].isEmpty() ? halves[1].split(":") : new String[0];
        int[] groups = new int[8];
        for (int i = 0; i < head.length; i++) {
            groups[i] = Integer.parseInt(head[i], 16);
        }
        for (int i = 0; i < tail.length; i++) {
            groups[8 - tail.length + i] = Integer.parseInt(tail[i], 16);
        }
        for (int i = 0; i < 8; i++) {
            bytes[2 * i] = (byte) (groups[i] >> 8);
            bytes[2 * i + 1] = (byte) groups[i];
        }
        if (v4Tail != null) {
            System.arraycopy(v4Tail, 0, bytes, 12, 4);
        }
        return Inet6Address.getByAddress(null, bytes, -1);
    }
}
