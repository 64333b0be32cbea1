package io.herald.content.post;

import io.herald.content.post.dto.AttemptView;
import io.herald.content.post.dto.PostView;
import io.herald.content.post.dto.TargetView;
import java.util.List;

/** Maps stored posts, targets and attempts to the records the API answers. */
public final class PostViews {
  private PostViews() {}

  public static PostView of(Post post, List<PostTarget> targets) {
    return new PostView(post.id, PostStatus.derive(targets.stream().map(t -> t.status).toList()), post.text,
        post.link, post.media, post.priority, post.scheduledAt, post.createdAt, post.updatedAt, post.version,
        targets.stream().map(PostViews::of).toList());
  }

  public static TargetView of(PostTarget t) {
    return new TargetView(t.id, t.socialAccountId, t.platform, t.status, t.options, t.text, t.link, t.media,
        t.externalId, t.externalUrl, t.attempt,
        t.lastErrorCode == null ? null : new TargetView.ErrorView(t.lastErrorCode, t.lastErrorMessage),
        t.publishedAt, t.firstComment == null ? null
            : new TargetView.FirstCommentView(t.firstComment.status(), t.firstComment.id(), t.firstComment.error()),
        t.operationId == null ? null : new TargetView.OperationView(t.operationId, t.operation, t.operationStatus,
            t.operationText, t.operationRequestedAt, t.operationErrorCode == null ? null
                : new TargetView.ErrorView(t.operationErrorCode, t.operationErrorMessage)),
        t.deletedAt);
  }

  public static AttemptView of(Attempt a) {
    return new AttemptView(a.targetId, a.attempt, a.outcome, a.externalId, a.externalUrl, a.errorCode,
        a.errorMessage, a.at, a.applied, a.recordedAt, a.resolvedBy, a.operation, a.operationId);
  }
}
