package io.herald.content.post;

import io.herald.common.delivery.OutboundAddresses;
import io.herald.common.problem.Problem.FieldError;
import io.herald.common.problem.ProblemException;
import io.herald.common.stream.Media;
import io.herald.common.stream.Platform;
import io.herald.common.stream.PlatformOptions;
import io.herald.content.account.AccountLookupFailedException;
import io.herald.content.account.AccountsClient;
import io.herald.content.account.SocialAccount;
import io.herald.content.config.ContentConfig;
import io.herald.content.post.dto.CreatePostRequest;
import io.herald.content.post.dto.MediaRequest;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The rules a post must meet before Herald accepts it: the platform rules (docs/platforms.md, "1. Facebook Graph API
 * (Pages)" and "2.2 Content Posting"), https media, a sane schedule, and targets that are ACTIVE accounts of the
 * caller's tenant. Every failure names the request's JSON path ({@code targets[0].options.privacyLevel}).
 */
@ApplicationScoped
public class PostValidator {
  static final int FACEBOOK_MESSAGE_MAX = 63_206;
  static final int TIKTOK_VIDEO_TITLE_MAX = 2_200;
  static final int TIKTOK_PHOTO_TITLE_MAX = 90;
  static final int TIKTOK_PHOTO_DESCRIPTION_MAX = 4_000;
  static final int TIKTOK_PHOTOS_MAX = 35;
  /** The Content Posting API takes videos of up to 10 minutes (a creator's own limit may be lower). */
  static final int TIKTOK_VIDEO_SECONDS_MAX = 600;
  static final Set<String> TIKTOK_PRIVACY_LEVELS =
      Set.of("PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "FOLLOWER_OF_CREATOR", "SELF_ONLY");

  /** The longest URL Herald keeps (media, link): what browsers and CDNs reliably take. */
  static final int URL_MAX = 2_048;

  private final AccountsClient accounts;
  private final ContentConfig config;
  private final OutboundAddresses addresses;

  PostValidator(AccountsClient accounts, ContentConfig config, OutboundAddresses addresses) {
    this.accounts = accounts;
    this.config = config;
    this.addresses = addresses;
  }

  /** A target whose platform is known. */
  public record TargetSpec(int index, Platform platform, PlatformOptions options) {}

  /** Checks a new post; answers the resolved account of each target (in request order) or throws a 422 problem. */
  public List<SocialAccount> validateNew(CreatePostRequest request, UUID tenantId, Instant now) {
    var errors = new LinkedHashSet<FieldError>();
    var resolved = new ArrayList<SocialAccount>();
    var specs = new ArrayList<TargetSpec>();
    var seen = new HashSet<UUID>();
    boolean needsReauthOnly = true;
    for (int i = 0; i < request.targets().size(); i++) {
      var target = request.targets().get(i);
      String field = "targets[" + i + "].socialAccountId";
      if (!seen.add(target.socialAccountId())) {
        errors.add(new FieldError(field, "the same account is targeted twice"));
        needsReauthOnly = false;
        continue;
      }
      SocialAccount account = lookup(target.socialAccountId());
      if (account == null || !account.tenantId().equals(tenantId)) {
        errors.add(new FieldError(field, "no connected social account with this id"));
        needsReauthOnly = false;
      } else if (account.status() != SocialAccount.Status.ACTIVE) {
        errors.add(new FieldError(field, "the account '" + account.name() + "' is " + account.status()
            + "; reconnect it (POST /api/v1/social-accounts/connect) and try again"));
      } else {
        resolved.add(account);
        specs.add(new TargetSpec(i, account.platform(), target.optionsOrNone()));
      }
    }
    List<FieldError> contentErrors = new ArrayList<>();
    checkContent(request.text(), request.link(), toMedia(request.mediaOrEmpty()), specs, contentErrors);
    checkSchedule(request.scheduledAt(), now, contentErrors);
    if (!contentErrors.isEmpty()) {
      needsReauthOnly = false;
      errors.addAll(contentErrors);
    }
    if (!errors.isEmpty()) {
      throw needsReauthOnly ? needsReauth(List.copyOf(errors)) : ProblemException.invalid(List.copyOf(errors));
    }
    return resolved;
  }

  /** Checks a post's content against its targets' platforms (used by PATCH, where the targets are stored). */
  public void validateContent(String text, String link, List<Media> media, List<TargetSpec> targets,
      Instant scheduledAt, Instant now) {
    List<FieldError> errors = new ArrayList<>();
    checkContent(text, link, media, targets, errors);
    if (scheduledAt != null) {
      checkSchedule(scheduledAt, now, errors);
    }
    if (!errors.isEmpty()) {
      throw ProblemException.invalid(List.copyOf(new LinkedHashSet<>(errors)));
    }
  }

  /** The account behind a target, or null if auth-service does not know it; 503 if auth-service cannot be asked. */
  public SocialAccount lookup(UUID accountId) {
    try {
      return accounts.find(accountId).orElse(null);
    } catch (AccountLookupFailedException e) {
      Log.warnf("Account look-up failed: %s", e.getMessage());
      throw ProblemException.unavailable(
          "The accounts service cannot be reached to check the targets; try again shortly", 5);
    }
  }

  void checkContent(String text, String link, List<Media> media, List<TargetSpec> targets, List<FieldError> errors) {
    String body = text == null ? "" : text;
    for (int i = 0; i < media.size(); i++) {
      String field = "media[" + i + "].url";
      mediaUrlProblem(media.get(i).url()).ifPresent(problem -> errors.add(new FieldError(field, problem)));
    }
    if (link != null && (link.length() > URL_MAX || !isHttpUrl(link))) {
      errors.add(new FieldError("link", "must be an absolute http or https URL of at most " + URL_MAX
          + " characters"));
    }
    long videos = media.stream().filter(m -> m.type() == Media.Type.VIDEO).count();
    long images = media.size() - videos;
    for (TargetSpec target : targets) {
      switch (target.platform()) {
        case FACEBOOK -> checkFacebook(body, link, videos, images, errors);
        case TIKTOK -> checkTikTok(body, videos, images, target, errors);
      }
    }
    if (targets.stream().anyMatch(t -> t.platform() == Platform.TIKTOK)) {
      for (int i = 0; i < media.size(); i++) {
        Integer seconds = media.get(i).durationSeconds();
        if (seconds != null && seconds > TIKTOK_VIDEO_SECONDS_MAX) {
          errors.add(new FieldError("media[" + i + "].durationSeconds",
              "TikTok takes videos of at most " + TIKTOK_VIDEO_SECONDS_MAX + " seconds"));
        }
      }
    }
  }

  private static void checkFacebook(String text, String link, long videos, long images, List<FieldError> errors) {
    if (text.length() > FACEBOOK_MESSAGE_MAX) {
      errors.add(new FieldError("text",
          "a Facebook post's message is at most " + FACEBOOK_MESSAGE_MAX + " characters"));
    }
    if (text.isBlank() && link == null && videos + images == 0) {
      errors.add(new FieldError("text", "a Facebook post needs text, a link or media"));
    }
    if (videos > 1 || (videos == 1 && images > 0)) {
      errors.add(new FieldError("media", "a Facebook post carries either one video or photos, not both"));
    }
  }

  private static void checkTikTok(String text, long videos, long images, TargetSpec target, List<FieldError> errors) {
    String prefix = "targets[" + target.index() + "].options.";
    PlatformOptions options = target.options();
    boolean video = videos == 1 && images == 0;
    boolean photos = videos == 0 && images >= 1 && images <= TIKTOK_PHOTOS_MAX;
    if (!video && !photos) {
      errors.add(new FieldError("media",
          "a TikTok post needs exactly one video or 1 to " + TIKTOK_PHOTOS_MAX + " photos"));
    }
    if (video && text.length() > TIKTOK_VIDEO_TITLE_MAX) {
      errors.add(new FieldError("text",
          "a TikTok video caption is at most " + TIKTOK_VIDEO_TITLE_MAX + " UTF-16 units"));
    }
    if (photos && text.length() > TIKTOK_PHOTO_DESCRIPTION_MAX) {
      errors.add(new FieldError("text",
          "a TikTok photo description is at most " + TIKTOK_PHOTO_DESCRIPTION_MAX + " UTF-16 units"));
    }
    if (options.title() != null && options.title().length() > TIKTOK_PHOTO_TITLE_MAX) {
      errors.add(new FieldError(prefix + "title",
          "a TikTok photo title is at most " + TIKTOK_PHOTO_TITLE_MAX + " UTF-16 units"));
    }
    if (options.privacyLevel() == null || options.privacyLevel().isBlank()) {
      errors.add(new FieldError(prefix + "privacyLevel", "TikTok needs a privacy level, chosen by the creator"));
    } else if (!TIKTOK_PRIVACY_LEVELS.contains(options.privacyLevel())) {
      errors.add(new FieldError(prefix + "privacyLevel", "must be one of " + String.join(", ",
          TIKTOK_PRIVACY_LEVELS.stream().sorted().toList())));
    }
  }

  private void checkSchedule(Instant scheduledAt, Instant now, List<FieldError> errors) {
    if (scheduledAt == null) {
      return;
    }
    if (scheduledAt.isBefore(now.minus(config.scheduleGrace()))) {
      errors.add(new FieldError("scheduledAt", "lies in the past"));
    } else if (scheduledAt.isAfter(now.plus(config.scheduleHorizon()))) {
      errors.add(new FieldError("scheduledAt", "is more than " + config.scheduleHorizon().toDays() + " days ahead"));
    }
  }

  static List<Media> toMedia(List<MediaRequest> media) {
    return media.stream().map(MediaRequest::toMedia).toList();
  }

  /**
   * Why Herald will not fetch media from a URL, if it will not: a worker downloads it for TikTok uploads, so it must
   * be a public https address (checked again, resolved, when it is downloaded).
   */
  private Optional<String> mediaUrlProblem(String url) {
    if (url == null || url.length() > URL_MAX) {
      return Optional.of("must be an absolute https URL of at most " + URL_MAX + " characters");
    }
    return addresses.formProblem(url);
  }

  static boolean isHttpsUrl(String url) {
    return hasScheme(url, Set.of("https"));
  }

  static boolean isHttpUrl(String url) {
    return hasScheme(url, Set.of("http", "https"));
  }

  private static boolean hasScheme(String url, Set<String> schemes) {
    try {
      URI uri = new URI(url);
      return uri.getScheme() != null && schemes.contains(uri.getScheme().toLowerCase(java.util.Locale.ROOT))
          && uri.getHost() != null && !uri.getHost().isBlank();
    } catch (URISyntaxException | NullPointerException e) {
      return false;
    }
  }

  /** 422 of its own type: the client is to reconnect an account, not to fix the request. */
  static ProblemException needsReauth(List<FieldError> errors) {
    return ProblemException.unprocessable("account-needs-reauth",
        "A target account's authorization is gone; reconnect it and try again. "
            + String.join("; ", errors.stream().map(e -> e.field() + ": " + e.message()).toList()), errors);
  }
}
