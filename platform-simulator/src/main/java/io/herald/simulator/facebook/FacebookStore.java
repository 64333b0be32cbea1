package io.herald.simulator.facebook;

import io.herald.simulator.core.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/** The simulated Facebook: users, Pages, tokens, authorization codes and what was posted. Thread-safe, in memory. */
@ApplicationScoped
public class FacebookStore {
  /** Ids keep counting across resets, so a test never sees another test's ids again. */
  private final AtomicLong userIds = new AtomicLong(Ids.runStart(10_000_000_000_000L));
  private final AtomicLong pageIds = new AtomicLong(Ids.runStart(100_000_000_000_000L));
  private final AtomicLong objectIds = new AtomicLong(Ids.runStart(700_000_000_000_000L));

  private final Map<String, User> users = new ConcurrentHashMap<>();
  private final Map<String, Page> pages = new ConcurrentHashMap<>();
  private final Map<String, FacebookToken> tokens = new ConcurrentHashMap<>();
  /** Invalidated tokens and the 190 subcode they answer with. */
  private final Map<String, Integer> invalidated = new ConcurrentHashMap<>();
  private final Map<String, AuthCode> codes = new ConcurrentHashMap<>();
  /** Each Page's posts, kept newest first (by creation time, then storing order): a busy Page holds thousands. */
  private final Map<String, ConcurrentNavigableMap<Placed, FacebookPost>> postsByPage = new ConcurrentHashMap<>();
  private final AtomicLong storingOrder = new AtomicLong();
  private final Map<String, FacebookPost> objects = new ConcurrentHashMap<>();
  private final Map<String, Deque<FacebookComment>> comments = new ConcurrentHashMap<>();
  private final Map<String, Business> businesses = new ConcurrentHashMap<>();

  /** A simulated Facebook user and the Pages they manage. */
  public record User(String id, String name, List<String> pageIds) {}

  /** A Page, with its current Page token. */
  public record Page(String id, String name, String category, String userId, String token) {}

  /**
   * A Business (Business Manager): its members (users) reach the Pages it owns or manages for clients through the
   * Business, without a Page role of their own ({@code /me/businesses}, {@code /{id}/owned_pages|client_pages}).
   */
  public record Business(String id, String name, List<String> userIds, List<String> ownedPageIds,
      List<String> clientPageIds) {}

  /** Where a post sits on its Page: newest first, by creation time, then by storing order. */
  private record Placed(Instant createdTime, long order) implements Comparable<Placed> {
    private static final Comparator<Placed> NEWEST_FIRST =
        Comparator.comparing(Placed::createdTime).thenComparingLong(Placed::order).reversed();

    @Override
    public int compareTo(Placed other) {
      return NEWEST_FIRST.compare(this, other);
    }
  }

  /** A login-dialog authorization code; works once. */
  public record AuthCode(
      String code, String appId, String redirectUri, String userId, List<String> scopes, Instant expiresAt,
      AtomicBoolean used) {}

  /** Creates a user who manages Pages with the given names; a Page token is issued for each. */
  public User createUser(String name, List<String> pageNames, String appId, List<String> scopes) {
    String userId = Long.toString(userIds.incrementAndGet());
    List<String> ids = new ArrayList<>();
    for (String pageName : pageNames) {
      String pageId = Long.toString(pageIds.incrementAndGet());
      pages.put(pageId, new Page(pageId, pageName, "Brand", userId, issuePageToken(pageId, userId, appId, scopes)));
      ids.add(pageId);
    }
    var user = new User(userId, name, List.copyOf(ids));
    users.put(userId, user);
    return user;
  }

  /** Adds a Page to an existing user. */
  public Page addPage(String userId, String name, String appId, List<String> scopes) {
    String pageId = Long.toString(pageIds.incrementAndGet());
    var page = new Page(pageId, name, "Brand", userId, issuePageToken(pageId, userId, appId, scopes));
    pages.put(pageId, page);
    users.computeIfPresent(userId, (id, u) -> {
      var list = new ArrayList<>(u.pageIds());
      list.add(pageId);
      return new User(u.id(), u.name(), List.copyOf(list));
    });
    return page;
  }

  /** A Business of {@code userId} with new Pages it owns and new Pages it manages for clients. */
  public Business createBusiness(String userId, String name, List<String> ownedNames, List<String> clientNames,
      String appId, List<String> scopes) {
    var owned = ownedNames.stream().map(n -> businessPage(n, userId, appId, scopes)).toList();
    var clients = clientNames.stream().map(n -> businessPage(n, userId, appId, scopes)).toList();
    var business = new Business(Long.toString(pageIds.incrementAndGet()), name, List.of(userId), owned, clients);
    businesses.put(business.id(), business);
    return business;
  }

  private String businessPage(String name, String userId, String appId, List<String> scopes) {
    String pageId = Long.toString(pageIds.incrementAndGet());
    pages.put(pageId, new Page(pageId, name, "Brand", userId, issuePageToken(pageId, userId, appId, scopes)));
    return pageId;
  }

  /** The Businesses the user is a member of, in creation order. */
  public List<Business> businessesOf(String userId) {
    return businesses.values().stream().filter(b -> b.userIds().contains(userId))
        .sorted(Comparator.comparing(b -> Long.parseLong(b.id()))).toList();
  }

  public Optional<Business> business(String id) {
    return Optional.ofNullable(businesses.get(id));
  }

  /** Takes one permission away from a token (the user removed it in their settings); answers whether it had it. */
  public boolean revokeScope(String value, String scope) {
    var before = tokens.get(value);
    if (before == null || !before.scopes().contains(scope)) {
      return false;
    }
    tokens.computeIfPresent(value, (v, t) -> new FacebookToken(t.value(), t.kind(), t.appId(), t.userId(),
        t.pageId(), t.scopes().stream().filter(s -> !s.equals(scope)).toList(), t.issuedAt(), t.expiresAt()));
    return true;
  }

  public Optional<User> user(String id) {
    return Optional.ofNullable(users.get(id));
  }

  public Optional<Page> page(String id) {
    return Optional.ofNullable(pages.get(id));
  }

  /**
   * The Page's token, issuing a fresh one if the current one was invalidated or lacks a permission the user's token
   * now has (as a new login would).
   */
  public Page pageWithValidToken(String pageId, String appId, List<String> scopes) {
    return pages.compute(pageId, (id, page) -> invalidated.containsKey(page.token())
        || !tokens.get(page.token()).scopes().containsAll(scopes)
        ? new Page(id, page.name(), page.category(), page.userId(), issuePageToken(id, page.userId(), appId, scopes))
        : page);
  }

  private String issuePageToken(String pageId, String userId, String appId, List<String> scopes) {
    String value = "EAAP" + Ids.alphanumeric(60);
    tokens.put(value, new FacebookToken(value, FacebookToken.Kind.PAGE, appId, userId, pageId, List.copyOf(scopes),
        Instant.now(), null));
    return value;
  }

  public FacebookToken issueUserToken(String userId, String appId, List<String> scopes, Instant expiresAt) {
    String value = "EAA" + Ids.alphanumeric(64);
    var token = new FacebookToken(value, FacebookToken.Kind.USER, appId, userId, null, List.copyOf(scopes),
        Instant.now(), expiresAt);
    tokens.put(value, token);
    return token;
  }

  public Optional<FacebookToken> token(String value) {
    return value == null ? Optional.empty() : Optional.ofNullable(tokens.get(value));
  }

  /** The 190 subcode an invalidated token answers with, if it was invalidated. */
  public Optional<Integer> invalidation(String value) {
    return Optional.ofNullable(invalidated.get(value));
  }

  public void invalidate(String value, int subcode) {
    invalidated.put(value, subcode);
  }

  /** Tokens belonging to a Page (its Page tokens) or to a user (their user and Page tokens). */
  public List<String> tokensOf(String account) {
    return tokens.values().stream()
        .filter(t -> account.equals(t.pageId()) || account.equals(t.userId()))
        .map(FacebookToken::value)
        .toList();
  }

  public AuthCode issueCode(String appId, String redirectUri, String userId, List<String> scopes) {
    var code = new AuthCode("AQ" + Ids.alphanumeric(80), appId, redirectUri, userId, List.copyOf(scopes),
        Instant.now().plusSeconds(600), new AtomicBoolean());
    codes.put(code.code(), code);
    return code;
  }

  public Optional<AuthCode> code(String value) {
    return value == null ? Optional.empty() : Optional.ofNullable(codes.get(value));
  }

  public String nextObjectId() {
    return Long.toString(objectIds.incrementAndGet());
  }

  /** Stores a post on its Page and under its ids. */
  public void save(FacebookPost post) {
    postsOf(post.pageId()).put(new Placed(post.createdTime(), storingOrder.incrementAndGet()), post);
    if (post.id() != null) {
      objects.put(post.id(), post);
    }
    if (post.objectId() != null) {
      objects.put(post.objectId(), post);
    }
  }

  /** Everything on the Page (posts, photos, videos), newest first by creation time (then by storing order). */
  public List<FacebookPost> posts(String pageId) {
    var onPage = postsByPage.get(pageId);
    return onPage == null ? List.of() : List.copyOf(onPage.values());
  }

  /** The newest post on the Page that matches, found without listing the whole Page. */
  public Optional<FacebookPost> newest(String pageId, Predicate<FacebookPost> matching) {
    var onPage = postsByPage.get(pageId);
    return onPage == null ? Optional.empty() : onPage.values().stream().filter(matching).findFirst();
  }

  private ConcurrentNavigableMap<Placed, FacebookPost> postsOf(String pageId) {
    return postsByPage.computeIfAbsent(pageId, id -> new ConcurrentSkipListMap<>());
  }

  /** The user who manages the Page, as Graph shows a post's {@code admin_creator}. */
  public FacebookPost.Profile admin(String pageId) {
    var user = users.get(pages.get(pageId).userId());
    return new FacebookPost.Profile(user.id(), user.name());
  }

  /** A new visitor (a Facebook user who manages no Page), as the author of a visitor post. */
  public FacebookPost.Profile newVisitor() {
    return new FacebookPost.Profile(Long.toString(userIds.incrementAndGet()), "Simulated Visitor");
  }

  /** Runs an action while holding the Page's lock, so check-then-post is atomic per Page. */
  public <T> T onPage(String pageId, java.util.function.Supplier<T> action) {
    synchronized (postsOf(pageId)) {
      return action.get();
    }
  }

  /** Forgets a post (and its comments) under both its ids, as {@code DELETE /{post-id}} does. */
  public void remove(FacebookPost post) {
    var onPage = postsByPage.get(post.pageId());
    if (onPage != null) {
      onPage.values().remove(post);
    }
    java.util.stream.Stream.of(post.id(), post.objectId()).filter(java.util.Objects::nonNull).forEach(id -> {
      objects.remove(id);
      comments.remove(id);
    });
  }

  public Optional<FacebookPost> object(String id) {
    return Optional.ofNullable(objects.get(id));
  }

  /** Keeps a comment under its object (by the id it was posted to, and the post's other id too). */
  public void addComment(FacebookComment comment) {
    comments.computeIfAbsent(comment.objectId(), id -> new ConcurrentLinkedDeque<>()).add(comment);
  }

  /** The comments of an object, by either of its ids (a video and its post share comments). */
  public List<FacebookComment> comments(String objectId) {
    var object = objects.get(objectId);
    var ids = object == null ? List.of(objectId)
        : java.util.stream.Stream.of(object.id(), object.objectId()).filter(java.util.Objects::nonNull).toList();
    return ids.stream().flatMap(id -> comments.getOrDefault(id, new ConcurrentLinkedDeque<>()).stream()).toList();
  }

  public void reset() {
    comments.clear();
    users.clear();
    pages.clear();
    tokens.clear();
    invalidated.clear();
    codes.clear();
    postsByPage.clear();
    objects.clear();
    businesses.clear();
  }
}
