package io.herald.content.post;

import io.herald.common.delivery.OutboundAddresses;
import io.herald.common.problem.Problem.FieldError;
import io.herald.common.problem.ProblemException;
import io.herald.common.stream.Media;
import io.herald.common.stream.Platform;
import io.herald.common.stream.PlatformOptions;
import io.herald.content.account.AccountLookupFailedException;
import io.herald.content.account.AccountsClient;
import io.herald.content.account.CreatorInfo;
import io.herald.content.account.CreatorInfoClient;
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
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The rules a post must meet before Herald accepts it: the platform rules (docs/platforms.md, "1. Facebook Graph API
 * (Pages)" and "2.2 Content Posting"), https media, a sane schedule, targets that are ACTIVE accounts of the
 * caller's tenant, and on a new post, the TikTok creator's own settings (creator_info) when they can be obtained. Every
 * failure names the request's JSON path ({@code targets[0].options.privacyLevel}).
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
  /** Facebook Reels: one video of 3 to 90 seconds (Meta's Reels publishing specification). */
  static final int FACEBOOK_REEL_SECONDS_MIN = 3;
  static final int FACEBOOK_REEL_SECONDS_MAX = 90;
  /** Herald's bound on a Facebook video title and a first comment's text. */
  static final int FACEBOOK_VIDEO_TITLE_MAX = 255;
  static final int FACEBOOK_COMMENT_MAX = 8_000;
  /** The TikTok options that only a video posted directly takes. */
  private static final Set<String> VIDEO_ONLY_OPTIONS = Set.of("disableDuet", "disableStitch", "brandContent",
      "brandOrganic", "aigc", "videoCoverTimestampMs");
  static final Set<String> TIKTOK_PRIVACY_LEVELS =
      Set.of("PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "FOLLOWER_OF_CREATOR", "SELF_ONLY");

  /** The longest URL Herald keeps (media, link): what browsers and CDNs reliably take. */
  static final int URL_MAX = 2_048;

  private final AccountsClient accounts;
  private final CreatorInfoClient creators;
  private final ContentConfig config;
  private final OutboundAddresses addresses;

  PostValidator(AccountsClient accounts, CreatorInfoClient creators, ContentConfig config,
      OutboundAddresses addresses) {
    this.accounts = accounts;
    this.creators = creators;
    this.config = config;
    this.addresses = addresses;
  }

  /**
   * A target whose platform is known, with the content it publishes: the post's {@code text}, {@code link} and
   * {@code media}, or the target's own where it overrides them ({@code ownText}, {@code ownLink}, {@code ownMedia}:
   * errors then name the target's field, {@code targets[1].text}, instead of the post's).
   */
  public record TargetSpec(int index, Platform platform, PlatformOptions options, String text, String link,
      List<Media> media, boolean ownText, boolean ownLink, boolean ownMedia, List<String> verifiedUrlPrefixes) {

    /** A target whose account's TikTok URL prefixes are not known here (PATCH: the worker and TikTok check them). */
    public TargetSpec(int index, Platform platform, PlatformOptions options, String text, String link,
        List<Media> media, boolean ownText, boolean ownLink, boolean ownMedia) {
      this(index, platform, options, text, link, media, ownText, ownLink, ownMedia, List.of());
    }

    String textField() {
      return ownText ? "targets[" + index + "].text" : "text";
    }

    String linkField() {
      return ownLink ? "targets[" + index + "].link" : "link";
    }

    String mediaField() {
      return ownMedia ? "targets[" + index + "].media" : "media";
    }

    String option(String name) {
      return "targets[" + index + "].options." + name;
    }

    long videos() {
      return media.stream().filter(m -> m.type() == Media.Type.VIDEO).count();
    }

    long images() {
      return media.size() - videos();
    }
  }

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
        specs.add(new TargetSpec(i, account.platform(), target.optionsOrNone(),
            target.text() != null ? target.text() : request.text(),
            target.link() != null ? blankToNull(target.link()) : request.link(),
            toMedia(target.media() != null ? target.media() : request.mediaOrEmpty()),
            target.text() != null, target.link() != null, target.media() != null, account.verifiedUrlPrefixes()));
      }
    }
    List<FieldError> contentErrors = new ArrayList<>();
    checkContent(request.link(), toMedia(request.mediaOrEmpty()), specs, contentErrors);
    specs.stream().filter(spec -> spec.platform() == Platform.TIKTOK).forEach(spec -> checkConsent(spec, contentErrors));
    checkCreators(specs, resolved.stream().map(SocialAccount::id).toList(), contentErrors);
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

  /**
   * Checks a post's content against its targets' platforms and TikTok creators' settings (used by PATCH, where the
   * targets are stored, {@code accountIds} at their places; each spec carries the content its target publishes).
   */
  public void validateContent(String link, List<Media> media, List<TargetSpec> targets, List<UUID> accountIds,
      Instant scheduledAt, Instant now) {
    List<FieldError> errors = new ArrayList<>();
    checkContent(link, media, targets, errors);
    checkCreators(targets, accountIds, errors);
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

  /**
   * The post's own media URLs and link (stored whether or not a target overrides them), then each target's content
   * and options against its platform and post type.
   */
  void checkContent(String link, List<Media> media, List<TargetSpec> targets, List<FieldError> errors) {
    checkMediaUrls("media", media, errors);
    checkLink("link", link, errors);
    for (TargetSpec target : targets) {
      if (target.ownMedia()) {
        checkMediaUrls(target.mediaField(), target.media(), errors);
      }
      if (target.ownLink() && target.link() != null) {
        checkLink(target.linkField(), target.link(), errors);
      }
      switch (target.platform()) {
        case FACEBOOK -> checkFacebook(target, errors);
        case TIKTOK -> checkTikTok(target, errors);
      }
    }
  }

  private void checkMediaUrls(String field, List<Media> media, List<FieldError> errors) {
    for (int i = 0; i < media.size(); i++) {
      String item = field + "[" + i + "].url";
      mediaUrlProblem(media.get(i).url()).ifPresent(problem -> errors.add(new FieldError(item, problem)));
    }
  }

  private static void checkLink(String field, String link, List<FieldError> errors) {
    if (link != null && (link.length() > URL_MAX || !isHttpUrl(link))) {
      errors.add(new FieldError(field, "must be an absolute http or https URL of at most " + URL_MAX
          + " characters"));
    }
  }

  /**
   * Facebook by post type ({@code options.facebookType}): FEED (text, a link, photos or one video), REEL (one video
   * of 3 to 90 seconds, no link), STORY (one photo or one video, nothing else). A video's title and thumbnail only
   * with a video on FEED or REEL; a first comment only on FEED or REEL; TikTok's options never.
   */
  private void checkFacebook(TargetSpec target, List<FieldError> errors) {
    PlatformOptions options = target.options();
    String text = target.text() == null ? "" : target.text();
    long videos = target.videos();
    long images = target.images();
    PlatformOptions.FacebookType type = options.facebookTypeOrDefault();
    if (text.length() > FACEBOOK_MESSAGE_MAX) {
      errors.add(new FieldError(target.textField(),
          "a Facebook post's message is at most " + FACEBOOK_MESSAGE_MAX + " characters"));
    }
    switch (type) {
      case FEED -> {
        if (text.isBlank() && target.link() == null && videos + images == 0) {
          errors.add(new FieldError(target.textField(), "a Facebook post needs text, a link or media"));
        }
        if (videos > 1 || (videos == 1 && images > 0)) {
          errors.add(new FieldError(target.mediaField(),
              "a Facebook post carries either one video or photos, not both"));
        }
      }
      case REEL -> {
        if (videos != 1 || images > 0) {
          errors.add(new FieldError(target.mediaField(), "a Facebook Reel is exactly one video"));
        }
        if (target.link() != null) {
          errors.add(new FieldError(target.linkField(), "a Facebook Reel takes no link"));
        }
        for (int i = 0; i < target.media().size(); i++) {
          Integer seconds = target.media().get(i).durationSeconds();
          if (target.media().get(i).type() == Media.Type.VIDEO && seconds != null
              && (seconds < FACEBOOK_REEL_SECONDS_MIN || seconds > FACEBOOK_REEL_SECONDS_MAX)) {
            errors.add(new FieldError(target.mediaField() + "[" + i + "].durationSeconds", "a Facebook Reel lasts "
                + FACEBOOK_REEL_SECONDS_MIN + " to " + FACEBOOK_REEL_SECONDS_MAX + " seconds"));
          }
        }
      }
      case STORY -> {
        if (videos + images != 1) {
          errors.add(new FieldError(target.mediaField(), "a Facebook Story is exactly one photo or one video"));
        }
        if (!text.isBlank()) {
          errors.add(new FieldError(target.textField(), "a Facebook Story carries no text (Facebook would drop it):"
              + " give this target an empty text"));
        }
        if (target.link() != null) {
          errors.add(new FieldError(target.linkField(), "a Facebook Story takes no link"));
        }
      }
    }
    boolean video = videos == 1 && images == 0 && type != PlatformOptions.FacebookType.STORY;
    if (options.title() != null) {
      if (!video) {
        errors.add(new FieldError(target.option("title"),
            "on Facebook, only a video (FEED or REEL) has a title"));
      } else if (options.title().length() > FACEBOOK_VIDEO_TITLE_MAX) {
        errors.add(new FieldError(target.option("title"),
            "a Facebook video title is at most " + FACEBOOK_VIDEO_TITLE_MAX + " characters"));
      }
    }
    if (options.thumbnailUrl() != null) {
      if (!video || type == PlatformOptions.FacebookType.REEL) {
        errors.add(new FieldError(target.option("thumbnailUrl"), "only a Facebook feed video takes a thumbnail"
            + " (the Reels publishing flow takes none: a Reel's cover is picked in Facebook)"));
      } else {
        mediaUrlProblem(options.thumbnailUrl())
            .ifPresent(problem -> errors.add(new FieldError(target.option("thumbnailUrl"), problem)));
      }
    }
    if (options.firstComment() != null) {
      checkFirstComment(target, type, errors);
    }
    tikTokOnly(options).forEach(name -> errors.add(new FieldError(target.option(name),
        "is a TikTok option; a Facebook target does not take it")));
  }

  private void checkFirstComment(TargetSpec target, PlatformOptions.FacebookType type, List<FieldError> errors) {
    PlatformOptions.FirstComment comment = target.options().firstComment();
    String field = target.option("firstComment");
    if (type == PlatformOptions.FacebookType.STORY) {
      errors.add(new FieldError(field, "a Facebook Story takes no comments; a first comment is for FEED or REEL"));
      return;
    }
    boolean noText = comment.text() == null || comment.text().isBlank();
    if (noText && comment.imageUrl() == null) {
      errors.add(new FieldError(field, "a first comment needs text, an image, or both"));
    }
    if (comment.text() != null && comment.text().length() > FACEBOOK_COMMENT_MAX) {
      errors.add(new FieldError(field + ".text", "a first comment is at most " + FACEBOOK_COMMENT_MAX
          + " characters"));
    }
    if (comment.imageUrl() != null) {
      mediaUrlProblem(comment.imageUrl())
          .ifPresent(problem -> errors.add(new FieldError(field + ".imageUrl", problem)));
    }
  }

  /** The TikTok options set on a target, by name. */
  private static List<String> tikTokOnly(PlatformOptions o) {
    var set = new ArrayList<String>();
    addIf(set, "privacyLevel", o.privacyLevel());
    addIf(set, "disableComment", o.disableComment());
    addIf(set, "disableDuet", o.disableDuet());
    addIf(set, "disableStitch", o.disableStitch());
    addIf(set, "mode", o.mode());
    addIf(set, "autoAddMusic", o.autoAddMusic());
    addIf(set, "brandContent", o.brandContent());
    addIf(set, "brandOrganic", o.brandOrganic());
    addIf(set, "aigc", o.aigc());
    addIf(set, "videoCoverTimestampMs", o.videoCoverTimestampMs());
    addIf(set, "photoCoverIndex", o.photoCoverIndex());
    addIf(set, "consentConfirmed", o.consentConfirmed());
    return set;
  }

  private static void addIf(List<String> names, String name, Object value) {
    if (value != null) {
      names.add(name);
    }
  }

  /**
   * TikTok: one video or 1 to 35 photos; caption and title limits; a privacy level the creator may choose; each option
   * only on the post type TikTok applies it to (a photo post has no duet, stitch, commercial or AI toggles and no
   * video cover; a video post has no title, music or photo cover); Facebook's options never.
   */
  private static void checkTikTok(TargetSpec target, List<FieldError> errors) {
    PlatformOptions options = target.options();
    String text = target.text() == null ? "" : target.text();
    long videos = target.videos();
    long images = target.images();
    boolean video = videos == 1 && images == 0;
    boolean photos = videos == 0 && images >= 1 && images <= TIKTOK_PHOTOS_MAX;
    if (!video && !photos) {
      errors.add(new FieldError(target.mediaField(),
          "a TikTok post needs exactly one video or 1 to " + TIKTOK_PHOTOS_MAX + " photos"));
    }
    if (video && text.length() > TIKTOK_VIDEO_TITLE_MAX) {
      errors.add(new FieldError(target.textField(),
          "a TikTok video caption is at most " + TIKTOK_VIDEO_TITLE_MAX + " UTF-16 units"));
    }
    if (photos && text.length() > TIKTOK_PHOTO_DESCRIPTION_MAX) {
      errors.add(new FieldError(target.textField(),
          "a TikTok photo description is at most " + TIKTOK_PHOTO_DESCRIPTION_MAX + " UTF-16 units"));
    }
    if (options.title() != null && options.title().length() > TIKTOK_PHOTO_TITLE_MAX) {
      errors.add(new FieldError(target.option("title"),
          "a TikTok photo title is at most " + TIKTOK_PHOTO_TITLE_MAX + " UTF-16 units"));
    }
    boolean inboxVideo = video && options.modeOrDefault() == PlatformOptions.Mode.INBOX;
    if (inboxVideo) {
      var appOnly = new ArrayList<String>();
      addIf(appOnly, "privacyLevel", options.privacyLevel());
      addIf(appOnly, "disableComment", options.disableComment());
      appOnly.addAll(videoOptionsSet(options));
      appOnly.forEach(name -> errors.add(new FieldError(target.option(name), "a TikTok inbox draft does not take it:"
          + " TikTok's inbox upload carries the video alone, and the creator sets the rest in the TikTok app")));
    } else if (options.privacyLevel() == null || options.privacyLevel().isBlank()) {
      errors.add(new FieldError(target.option("privacyLevel"), "TikTok needs a privacy level, chosen by the creator"));
    } else if (!TIKTOK_PRIVACY_LEVELS.contains(options.privacyLevel())) {
      errors.add(new FieldError(target.option("privacyLevel"), "must be one of " + String.join(", ",
          TIKTOK_PRIVACY_LEVELS.stream().sorted().toList())));
    }
    if (Boolean.TRUE.equals(options.brandContent()) && "SELF_ONLY".equals(options.privacyLevel())) {
      errors.add(new FieldError(target.option("privacyLevel"), "branded content cannot be private on TikTok:"
          + " choose another privacy level or turn brandContent off"));
    }
    for (int i = 0; i < target.media().size(); i++) {
      Integer seconds = target.media().get(i).durationSeconds();
      if (seconds != null && seconds > TIKTOK_VIDEO_SECONDS_MAX) {
        errors.add(new FieldError(target.mediaField() + "[" + i + "].durationSeconds",
            "TikTok takes videos of at most " + TIKTOK_VIDEO_SECONDS_MAX + " seconds"));
      }
    }
    if (photos) {
      videoOptionsSet(options).forEach(name -> errors.add(new FieldError(target.option(name),
          "applies to TikTok videos only; a photo post does not take it")));
      List<String> verified = target.verifiedUrlPrefixes();
      for (int i = 0; i < target.media().size() && !verified.isEmpty(); i++) {
        String url = target.media().get(i).url();
        if (url != null && verified.stream().noneMatch(url::startsWith)) {
          errors.add(new FieldError(target.mediaField() + "[" + i + "].url", "TikTok pulls photos only from a URL"
              + " prefix verified for this account in TikTok's developer portal (" + String.join(", ", verified)
              + "); host the photo there or add its prefix to the account (PATCH /api/v1/social-accounts/{id})"));
        }
      }
      Integer cover = options.photoCoverIndex();
      if (cover != null && (cover < 0 || cover >= images)) {
        errors.add(new FieldError(target.option("photoCoverIndex"),
            "must be the index of one of the post's photos: 0 to " + (images - 1)));
      }
    }
    if (video) {
      var photoOnly = new ArrayList<String>();
      addIf(photoOnly, "title", options.title());
      addIf(photoOnly, "autoAddMusic", options.autoAddMusic());
      addIf(photoOnly, "photoCoverIndex", options.photoCoverIndex());
      photoOnly.forEach(name -> errors.add(new FieldError(target.option(name),
          "applies to TikTok photo posts only; a video post does not take it"
              + ("title".equals(name) ? " (a video's caption is the text)" : ""))));
      Long cover = options.videoCoverTimestampMs();
      Integer seconds = target.media().getFirst().durationSeconds();
      if (cover != null && !inboxVideo && (cover < 0 || (seconds != null && cover >= seconds * 1000L))) {
        errors.add(new FieldError(target.option("videoCoverTimestampMs"),
            "must be a moment within the video: 0 to " + (seconds == null ? "its length" : seconds * 1000L - 1)
                + " ms"));
      }
    }
    var facebookOnly = new ArrayList<String>();
    addIf(facebookOnly, "facebookType", options.facebookType());
    addIf(facebookOnly, "thumbnailUrl", options.thumbnailUrl());
    addIf(facebookOnly, "firstComment", options.firstComment());
    facebookOnly.forEach(name -> errors.add(new FieldError(target.option(name),
        "is a Facebook option; a TikTok target does not take it")));
  }

  /** The options set on {@code options} that only a TikTok video posted directly takes, by name, in field order. */
  private static List<String> videoOptionsSet(PlatformOptions options) {
    return tikTokOnly(options).stream().filter(VIDEO_ONLY_OPTIONS::contains).toList();
  }

  /**
   * Each TikTok target ({@code specs}, with its account in {@code accountIds} at the same place) against its creator's
   * current settings, when they can be obtained (else the worker's pre-flight decides).
   */
  private void checkCreators(List<TargetSpec> specs, List<UUID> accountIds, List<FieldError> errors) {
    for (int i = 0; i < specs.size(); i++) {
      TargetSpec spec = specs.get(i);
      if (spec.platform() == Platform.TIKTOK) {
        creators.find(accountIds.get(i)).ifPresent(creator -> checkCreator(spec, creator, errors));
      }
    }
  }

  /**
   * A TikTok target against its creator's current settings (creator_info): a direct post's privacy level must be one
   * the creator offers, and it may not allow an interaction the creator has turned off in TikTok (an interaction left
   * unset follows the creator's setting); a video may not be longer than the creator may post. An inbox draft carries
   * no privacy level or interactions (the creator sets them in the app).
   */
  private static void checkCreator(TargetSpec target, CreatorInfo creator, List<FieldError> errors) {
    PlatformOptions options = target.options();
    boolean direct = options.modeOrDefault() == PlatformOptions.Mode.DIRECT_POST;
    boolean video = target.videos() == 1 && target.images() == 0;
    String privacy = options.privacyLevel();
    if (direct && TIKTOK_PRIVACY_LEVELS.contains(privacy) && !creator.privacyLevelOptions().isEmpty()
        && !creator.privacyLevelOptions().contains(privacy)) {
      errors.add(new FieldError(target.option("privacyLevel"), "this creator offers only "
          + String.join(", ", creator.privacyLevelOptions()) + " (TikTok creator_info)"));
    }
    if (direct) {
      for (var off : options.allowedButTurnedOff(video, creator.commentDisabled(), creator.duetDisabled(),
          creator.stitchDisabled())) {
        errors.add(new FieldError(target.option(off.option), "the creator has turned "
            + off.name().toLowerCase(Locale.ROOT) + " off in TikTok, so this post cannot allow them: set it to true"
            + " or leave it out"));
      }
    }
    Integer max = creator.maxVideoPostDurationSec();
    for (int i = 0; i < target.media().size() && max != null && max > 0; i++) {
      Integer seconds = target.media().get(i).durationSeconds();
      if (target.media().get(i).type() == Media.Type.VIDEO && seconds != null && seconds > max
          && seconds <= TIKTOK_VIDEO_SECONDS_MAX) {
        errors.add(new FieldError(target.mediaField() + "[" + i + "].durationSeconds",
            "this creator may post videos of at most " + max + " seconds (TikTok creator_info)"));
      }
    }
  }

  /**
   * A new TikTok post is not sent against the user's word: {@code consentConfirmed} false says the user did not accept
   * TikTok's Music Usage Confirmation (or Branded Content Policy). Absent is allowed (no tenant requires it yet).
   */
  private static void checkConsent(TargetSpec target, List<FieldError> errors) {
    if (Boolean.FALSE.equals(target.options().consentConfirmed())) {
      errors.add(new FieldError(target.option("consentConfirmed"), "TikTok requires the user's consent (Music Usage"
          + " Confirmation) before a post is sent: set it to true once the user agreed, or leave it out"));
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

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  /** 422 of its own type: the client is to reconnect an account, not to fix the request. */
  static ProblemException needsReauth(List<FieldError> errors) {
    return ProblemException.unprocessable("account-needs-reauth",
        "A target account's authorization is gone; reconnect it and try again. "
            + String.join("; ", errors.stream().map(e -> e.field() + ": " + e.message()).toList()), errors);
  }
}
