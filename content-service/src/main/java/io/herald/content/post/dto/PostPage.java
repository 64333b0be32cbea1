package io.herald.content.post.dto;

import java.util.List;

/**
 * One page of {@code GET /api/v1/posts}; pass {@code nextCursor} as {@code cursor} for the next (null on the last
 * page).
 */
public record PostPage(List<PostView> items, String nextCursor) {}
