package io.herald.auth.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.auth.tenant.ReturnUrls;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of the client address and returnUrl rules, on jqwik's own engine (plain logic, no Quarkus): whatever a
 * client writes into X-Forwarded-For, it cannot pass for another address unless a trusted proxy said so.
 */
class ClientAddressProperties {
  private final ClientAddress addresses = new ClientAddress(List.of("10.0.0.0/8", "fd00::/8"), "X-Forwarded-For");

  @Property
  void anUntrustedPeerIsTheClientWhateverItForwards(@ForAll("publicV4") String peer,
      @ForAll("headerValues") List<String> forwarded) {
    assertThat(addresses.resolve(peer, forwarded)).isEqualTo(peer);
  }

  @Property
  void behindATrustedProxyTheClientIsWhatTheProxyAppended(@ForAll("headerValues") List<String> clientWritten,
      @ForAll("publicV4") String realClient) {
    // The proxy (10.1.1.1) appends the address it saw to whatever the client sent.
    String header = String.join(",", clientWritten) + (clientWritten.isEmpty() ? "" : ",") + realClient;
    assertThat(addresses.resolve("10.1.1.1", List.of(header))).isEqualTo(realClient);
  }

  @Property
  void noHeaderValueMakesTheResolverThrowOrLookUpANameOrAnswerATrustedProxy(
      @ForAll("headerValues") List<String> forwarded) {
    String client = addresses.resolve("10.1.1.1", forwarded);
    assertThat(client).isNotBlank();
  }

  @Property
  void originsNeverThrowAndAreOnlyHttpsOrLoopback(@ForAll("urlish") String value) {
    ReturnUrls.origin(value).ifPresent(origin -> assertThat(origin).matches(
        "https://[^/?#]+|http://(localhost|127\\.0\\.0\\.1|\\[::1\\])(:\\d+)?"));
    assertThat(ReturnUrls.checkReturnUrl(value, List.of())).isEmpty();
  }

  @Example
  void aLookAlikeHostIsNotTheAllowlistedOrigin() {
    var allow = List.of("https://app.example.org");
    assertThat(ReturnUrls.checkReturnUrl("https://app.example.org/back?x=1", allow)).isPresent();
    assertThat(ReturnUrls.checkReturnUrl("https://app.example.org.evil.example/", allow)).isEmpty();
    assertThat(ReturnUrls.checkReturnUrl("https://app.example.org@evil.example/", allow)).isEmpty();
    assertThat(ReturnUrls.checkReturnUrl("http://app.example.org/", allow)).isEmpty();
    assertThat(ReturnUrls.checkReturnUrl("https://app.example.org:8443/", allow)).isEmpty();
  }

  @Provide
  Arbitrary<String> publicV4() {
    return Arbitraries.integers().between(11, 223).flatMap(a -> Arbitraries.integers().between(0, 255).list()
        .ofSize(3).map(rest -> a + "." + rest.get(0) + "." + rest.get(1) + "." + rest.get(2)));
  }

  @Provide
  Arbitrary<List<String>> headerValues() {
    return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(60),
        Arbitraries.of("10.0.0.1", "127.0.0.1", "::1", "[fd00::1]:443", "unknown", "localhost", "evil.example",
            "1.2.3.4:80", "999.1.1.1", " ", "", "for=1.2.3.4")).list().ofMaxSize(6);
  }

  @Provide
  Arbitrary<String> urlish() {
    return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(80),
        Arbitraries.strings().withChars("htps:/[]@?#%.:0123456789abcdelx-").ofMaxLength(40),
        Arbitraries.of("https://a.example", "http://localhost:3000", "https://[::1]:8/", "javascript:x",
            "https://u@a.example", "//a.example"));
  }
}
