package io.herald.simulator.facebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GraphFieldsTest {
  private static final Set<String> KNOWN = Set.of("id", "message", "attachments");

  @Test
  void commasInsideBracesDoNotSeparateTopLevelFields() {
    var fields = GraphFields.parse("id,message,attachments{subattachments{target{id}},target{id}}", "id", KNOWN,
        "Post");

    assertThat(fields.fields()).extracting(GraphFields.Field::name).containsExactly("id", "message", "attachments");
    assertThat(fields.fields().get(2).children()).extracting(GraphFields.Field::name)
        .containsExactly("subattachments", "target");
  }

  @Test
  void nestedSelectionsKeepOnlyWhatWasAskedThroughEdges() {
    Map<String, Object> post = Map.of("id", "1_2", "message", "m", "attachments", Map.of("data", List.of(
        Map.of("type", "album", "subattachments", Map.of("data", List.of(
            Map.of("type", "photo", "target", Map.of("id", "7", "url", "u"))))))));

    var selected = GraphFields.parse("attachments{subattachments{target{id}}}", "id", KNOWN, "Post").select(post);

    assertThat(selected).isEqualTo(Map.of("id", "1_2", "attachments", Map.of("data", List.of(
        Map.of("subattachments", Map.of("data", List.of(Map.of("target", Map.of("id", "7")))))))));
  }

  @Test
  void unknownTopLevelFieldsAndBadBracesAreCode100() {
    assertThatThrownBy(() -> GraphFields.parse("id,likes", "id", KNOWN, "Post"))
        .isInstanceOfSatisfying(GraphException.class, e -> assertThat(e.code()).isEqualTo(100))
        .hasMessageContaining("(likes) on node type (Post)");
    assertThatThrownBy(() -> GraphFields.parse("attachments{target", "id", KNOWN, "Post"))
        .isInstanceOf(GraphException.class);
  }
}
