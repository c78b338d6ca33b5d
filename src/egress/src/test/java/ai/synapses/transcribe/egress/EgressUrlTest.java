package ai.synapses.transcribe.egress;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The static URL rules and numeric host forms: all decided without DNS or network. */
class EgressUrlTest {

    private static SafeHttpClient strict;
    private static SafeHttpClient dev;

    @BeforeAll
    static void clients() {
        strict = new SafeHttpClient(FetchOptions.defaults());
        dev = new SafeHttpClient(FetchOptions.defaults().withAllowPrivateAddresses(true));
    }

    @AfterAll
    static void close() {
        strict.close();
        dev.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://127.0.0.1/a.wav",
            "https://127.0.0.1./a.wav",
            "https://2130706433/a.wav",
            "https://0x7f000001/a.wav",
            "https://0X7F000001/a.wav",
            "https://017700000001/a.wav",
            "https://0177.0.0.1/a.wav",
            "https://127.1/a.wav",
            "https://0x7f.1/a.wav",
            "https://0x7f.0x0.0x0.0x1/a.wav",
            "https://127.0.1/a.wav",
            "https://%31%32%37.0.0.1/a.wav",
            "https://[::1]/a.wav",
            "https://[0:0:0:0:0:0:0:1]/a.wav",
            "https://[::ffff:127.0.0.1]/a.wav",
            "https://[::ffff:7f00:1]/a.wav",
            "https://[0:0:0:0:0:ffff:7f00:1]/a.wav",
            "https://[::127.0.0.1]/a.wav",
            "https://[64:ff9b::7f00:1]/a.wav",
            "https://[2002:7f00:1::]/a.wav",
            "https://10.0.0.1/a.wav",
            "https://012.0.0.1/a.wav",
            "https://192.168.0.1:8443/a.wav",
            "https://100.64.0.1/a.wav",
            "https://[fe80::1]/a.wav",
            "https://[fd00::1]/a.wav",
            "https://169.254.169.254/latest/meta-data/",
            "https://2852039166/latest/meta-data/",
            "https://0251.0376.0251.0376/latest/meta-data/",
            "https://0xa9fea9fe/latest/meta-data/",
            "https://169.254.43518/latest/meta-data/",
            "https://[::ffff:169.254.169.254]/latest/meta-data/",
            "https://[fd00:ec2::254]/latest/meta-data/",
            "https://100.100.100.200/latest/meta-data/",
            "https://0/a.wav",
            "https://0.0.0.0/a.wav",
            "https://[::]/a.wav",
            "https://255.255.255.255/a.wav",
            "https://4294967295/a.wav",
            "https://224.0.0.1/a.wav",
            "https://[ff02::1]/a.wav",
    })
    void numericHostsOfRefusedClassesAreRefusedWithoutLookup(String url) {
        EgressException e = assertThrows(EgressException.class, () -> strict.validate(url));
        assertEquals("address_forbidden", e.code(), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://169.254.169.254/",
            "https://2852039166/",
            "https://[::ffff:a9fe:a9fe]/",
            "https://[fd00:ec2::254]/",
            "https://100.100.100.200/",
            "https://0.0.0.0/",
            "https://[::]/",
            "https://255.255.255.255/",
            "https://239.1.2.3/",
    })
    void metadataMulticastUnspecifiedAndBroadcastStayRefusedInDevMode(String url) {
        EgressException e = assertThrows(EgressException.class, () -> dev.validate(url));
        assertEquals("address_forbidden", e.code(), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
            "https://0x7f.1:8443/a.wav?x=1#frag, https://127.0.0.1:8443/a.wav?x=1",
            "https://2130706433/a.wav, https://127.0.0.1/a.wav",
            "https://0177.0.0.1, https://127.0.0.1/",
            "https://[::1]:9443/x, https://[::1]:9443/x",
            "https://LOCALHOST:9443/A.wav, https://localhost:9443/A.wav",
            "HTTPS://10.1.1.1/a, https://10.1.1.1/a",
    })
    void numericHostsAreCanonicalisedLikeBrowsersDo(String url, String canonical) throws Exception {
        assertEquals(canonical, dev.validate(url).uri().toString());
    }

    @ParameterizedTest
    @CsvSource({
            "https://example.com/a.wav, https://example.com/a.wav",
            "https://93.184.216.34/a.wav, https://93.184.216.34/a.wav",
            "https://1572395042/a.wav, https://93.184.216.34/a.wav",
            "https://[2606:4700::1]/a.wav, https://[2606:4700::1]/a.wav",
            "https://cdn.example.com:8443/x/y.mp3?sig=abc, https://cdn.example.com:8443/x/y.mp3?sig=abc",
            "https://bücher.example/a.wav, https://xn--bcher-kva.example/a.wav",
    })
    void publicAndNamedHostsPass(String url, String canonical) throws Exception {
        EgressUrl parsed = strict.validate(url);
        assertEquals(canonical, parsed.uri().toString());
    }

    @Test
    void namesAreLeftToTheResolver() throws Exception {
        EgressUrl parsed = strict.validate("https://localhost/a.wav");
        assertNull(parsed.literal());
        assertEquals("localhost", parsed.host());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://example.com/a.wav", "ftp://example.com/a.wav", "file:///etc/passwd", "gopher://127.0.0.1:6379/_", "ws://example.com/"})
    void onlyHttpsIsAllowed(String url) {
        assertEquals("url_not_https", assertThrows(EgressException.class, () -> strict.validate(url)).code());
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://user:secret@example.com/a.wav", "https://user@example.com/a.wav", "https://@example.com/a.wav", "https://a:b@127.0.0.1/"})
    void credentialsAreRefused(String url) {
        assertEquals("url_has_credentials", assertThrows(EgressException.class, () -> strict.validate(url)).code());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "not a url",
            "example.com/a.wav",
            "https://",
            "https:///a.wav",
            "https://1.2.3.4.5/",
            "https://256.0.0.1/",
            "https://1.2.3.08/",
            "https://0x100000000/",
            "https://example.123/",
            "https://[::1/",
            "https://[fe80::1%25eth0]/",
            "https://[::ffff:0177.0.0.1]/",
            "https://[1::2::3]/",
            "https://example.com:99999/",
            "https://example.com:0/",
            "https://exa_mple..com/",
            "https://-bad.example/",
    })
    void malformedUrlsAreInvalid(String url) {
        EgressException e = assertThrows(EgressException.class, () -> strict.validate(url));
        assertEquals("url_invalid", e.code(), e.getMessage());
    }

    @Test
    void redirectTargetsAreResolvedAndCheckedLikeFirstUrls() throws Exception {
        EgressUrl base = strict.validate("https://example.com/dir/a.wav");
        assertEquals("https://example.com/dir/b.wav", base.resolve("b.wav").uri().toString());
        assertEquals("https://cdn.example.com/x", base.resolve("//cdn.example.com/x").uri().toString());
        assertEquals("url_not_https", assertThrows(EgressException.class, () -> base.resolve("http://example.com/")).code());
        assertEquals("url_has_credentials", assertThrows(EgressException.class, () -> base.resolve("https://u:p@example.com/")).code());
        assertEquals("url_invalid", assertThrows(EgressException.class, () -> base.resolve("https://exa mple.com/")).code());
    }
}
