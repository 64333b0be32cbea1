package io.herald.content.post.dto;

import jakarta.validation.constraints.NotNull;

/**
 * The body of {@code POST /api/v1/posts/{id}/targets/{targetId}/edit}: the new text of the target's published post,
 * checked like a create's text for its platform (Facebook: at most 63,206 characters; it may be empty only when the
 * post has a link or media).
 */
public record EditTargetRequest(@NotNull String text) {}
