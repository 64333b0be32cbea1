package io.herald.common.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class OutboundAddressesTest {
  final OutboundAddresses strict = new OutboundAddresses(List.of());

  @ParameterizedTest
  @ValueSource(strings = {
      "https://127.0.0.1/hook", "https://localhost/hook", "https://10.0.0.5/hook", "https://172.16.3.4/hook",
      "https://192.168.1.1/hook", "http://169.254.169.254/latest/meta-data", "https://[::1]/hook",
      "https://[fd00::1]/hook", "https://[fe80::1]/hook", "https://100.64.0.1/hook", "https://0.0.0.0/hook",
      "https://[::ffff:127.0.0.1]/hook", "https://redis/hook", "https://auth-service.herald.svc/hook",
      "https://kubernetes.default.svc.cluster.local/hook", "https://metadata.google.internal/x",
      "ftp://example.com/hook", "https://user:pw@example.com/hook", "file:///etc/passwd",
      "https://127.1/hook", "https://2130706433/hook", "https://0x7f.0.0.1/hook", "http://93.184.215.14/hook"})
  void addressesATenantMayNotReachAreRefusedWithAPlainReason(String url) {
    assertThatThrownBy(() -> strict.resolve(URI.create(url))).isInstanceOf(OutboundAddresses.Refused.class)
        .message().doesNotContain("127.0.0.1").doesNotContain("169.254");
  }

  @Test
  void aPublicAddressIsAllowedAndPinned() {
    var target = strict.resolve(URI.create("https://93.184.215.14:8443/hook"));

    assertThat(target.address().getHostAddress()).isEqualTo("93.184.215.14");
    assertThat(target.port()).isEqualTo(8443);
  }

  @Test
  void anOperatorAllowlistOpensChosenHostsAndRanges() {
    var local = new OutboundAddresses(List.of("localhost", "127.0.0.0/8", "10.1.0.0/16"));

    assertThat(local.resolve(URI.create("http://localhost:8080/hook")).port()).isEqualTo(8080);
    assertThat(local.resolve(URI.create("http://127.0.0.1/hook")).port()).isEqualTo(80);
    assertThat(local.resolve(URI.create("https://10.1.200.3/hook")).port()).isEqualTo(443);
    assertThatThrownBy(() -> local.resolve(URI.create("https://10.2.0.1/hook")))
        .isInstanceOf(OutboundAddresses.Refused.class);
    assertThatThrownBy(() -> local.resolve(URI.create("http://10.2.0.1/hook")))
        .isInstanceOf(OutboundAddresses.Refused.class).hasMessageContaining("https");
  }
}
