package io.herald.health.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class TargetsParsingTest {
  @Test
  void readsNameEqualsUrlLists() {
    String list = " auth-service=http://auth:8081/ , content-service=http://content:8082";
    assertThat(Targets.parse(list, Target.Kind.SERVICE, "k"))
        .containsExactly(
            new Target("auth-service", URI.create("http://auth:8081"), Target.Kind.SERVICE),
            new Target("content-service", URI.create("http://content:8082"), Target.Kind.SERVICE));
  }

  @Test
  void namesTheBadEntry() {
    assertThatThrownBy(() -> Targets.parse("auth=http://a,content", Target.Kind.SERVICE, "herald.health.targets"))
        .hasMessage("herald.health.targets: 'content' is not name=baseUrl");
    assertThatThrownBy(() -> Targets.parse("auth=ftp://a", Target.Kind.SERVICE, "herald.health.targets"))
        .hasMessageContaining("is not an http(s) URL");
  }
}
