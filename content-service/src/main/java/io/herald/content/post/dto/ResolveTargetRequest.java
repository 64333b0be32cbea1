package io.herald.content.post.dto;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /api/v1/posts/{id}/targets/{targetId}/resolve}: the user's word on a target whose outcome
 * is unknown. {@code PUBLISHED} ("it is there", optionally with the post's id and https URL) or {@code SEND_AGAIN}
 * ("send it"). A string, not an enum, so a wrong value is a 422 naming the field.
 */
public record ResolveTargetRequest(
    @NotNull @Pattern(regexp = PUBLISHED + "|" + SEND_AGAIN, message = "must be PUBLISHED or SEND_AGAIN")
    String resolution,
    @Size(max = 255) String externalId,
    @Size(max = 2048) String externalUrl) {

  public static final String PUBLISHED = "PUBLISHED";
  public static final String SEND_AGAIN = "SEND_AGAIN";

  public boolean sendAgain() {
    return SEND_AGAIN.equals(resolution);
  }
}
