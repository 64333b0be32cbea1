package io.herald.auth.social;

import io.herald.auth.config.AuthConfig;
import io.quarkus.logging.Log;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Facebook Login: code -> short-lived user token -> long-lived user token -> the Pages the user can publish to, with
 * their tokens: those the user has a role on ({@code /me/accounts}) and those the user manages through a Business
 * ({@code /me/businesses} -> {@code /{business-id}/owned_pages} and {@code client_pages}), every list followed
 * page by page. Also the inspection of a stored Page token ({@code debug_token}) for the daily health check.
 */
@ApplicationScoped
public class FacebookClient {
  static final String PAGE_FIELDS = "id,name,access_token,tasks";
  /** Entries asked for per page of a list (Graph's maximum is 100). */
  static final int PAGE_SIZE = 100;
  /** A guard against a list that never ends (a platform bug): 100 pages of 100. */
  static final int MAX_PAGES = 100;

  private final FacebookRestClient graph;
  private final AuthConfig.Facebook config;

  FacebookClient(@RestClient FacebookRestClient graph, AuthConfig.Facebook config) {
    this.graph = graph;
    this.config = config;
  }

  /** A Page the user can publish to, with its (non-expiring) Page token and the permissions the user granted. */
  public record Page(String id, String name, String accessToken, List<String> scopes) {}

  /** What {@code debug_token} says of a token: valid or not (and why), and its permissions. */
  public record Inspection(boolean valid, List<String> scopes, String reason) {}

  @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 30, delayUnit = ChronoUnit.SECONDS,
      failOn = PlatformException.Unavailable.class)
  @CircuitBreakerName("facebook-login")
  public List<Page> pagesFor(String code, String redirectUri) {
    String appId = config.appId().orElseThrow();
    String secret = config.appSecret().orElseThrow();
    String userToken = token(call(() -> graph.exchangeCode(appId, redirectUri, secret, code)));
    String longLived = token(call(() -> graph.exchangeForLongLived(appId, secret, userToken)));
    var found = new LinkedHashMap<String, FacebookRestClient.Page>();
    all(after -> graph.pages(PAGE_FIELDS, PAGE_SIZE, after, longLived))
        .forEach(p -> found.putIfAbsent(p.id(), p));
    var businesses = unlessRefused("the user's Businesses",
        () -> all(after -> graph.businesses("id,name", PAGE_SIZE, after, longLived)));
    for (var business : businesses) {
      for (String edge : List.of("owned_pages", "client_pages")) {
        unlessRefused("the " + edge + " of Business " + business.id(), () -> all(after ->
            graph.businessPages(business.id(), edge, PAGE_FIELDS, PAGE_SIZE, after, longLived)))
            .forEach(p -> found.putIfAbsent(p.id(), p));
      }
    }
    List<String> scopes = granted(longLived);
    return found.values().stream().filter(FacebookClient::canPost)
        .map(p -> new Page(p.id(), p.name() != null ? p.name() : p.id(), p.accessToken(), scopes)).toList();
  }

  /**
   * {@code debug_token} of a Page token with the app token. Only the answer about the inspected token decides
   * validity; a refusal of the call itself (a wrong app secret, throttling) is a {@link PlatformException}, never
   * an invalid Page token.
   */
  @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 30, delayUnit = ChronoUnit.SECONDS,
      failOn = PlatformException.Unavailable.class)
  @CircuitBreakerName("facebook-debug-token")
  public Inspection inspect(String pageToken) {
    String appToken = config.appId().orElseThrow() + "|" + config.appSecret().orElseThrow();
    var data = call(() -> graph.debugToken(pageToken, appToken)).data();
    if (data == null) {
      throw PlatformException.of(PlatformException.Kind.UNAVAILABLE, "facebook: debug_token answer without data");
    }
    List<String> scopes = data.scopes() == null ? List.of() : data.scopes();
    if (data.isValid()) {
      return new Inspection(true, scopes, null);
    }
    var error = data.error();
    String reason = error == null ? "facebook: the Page token is no longer valid"
        : "facebook:" + (error.code() == null ? "" : error.code())
            + (error.subcode() != null ? "/" + error.subcode() : "") + " "
            + (error.message() == null ? "the Page token is no longer valid" : error.message());
    return new Inspection(false, scopes, reason);
  }

  /**
   * A Business list, or none when Graph refuses it (the user did not grant {@code business_management}, or has no
   * access to that Business's Pages): those Pages are skipped, the others are still connected. A Graph that cannot
   * answer fails the connect instead of leaving Pages out unseen.
   */
  private static <T> List<T> unlessRefused(String what, Supplier<List<T>> list) {
    try {
      return list.get();
    } catch (PlatformException e) {
      if (e.kind() == PlatformException.Kind.UNAVAILABLE) {
        throw e;
      }
      Log.infof("Facebook Business Pages skipped, %s cannot be read: %s", what, e.getMessage());
      return List.of();
    }
  }

  /** The permissions the user granted (best effort: empty when Graph will not say). */
  private List<String> granted(String userToken) {
    try {
      var answer = call(() -> graph.permissions(userToken));
      return answer.data() == null ? List.of() : answer.data().stream()
          .filter(p -> "granted".equals(p.status())).map(FacebookRestClient.Permission::permission).toList();
    } catch (PlatformException e) {
      if (e.kind() == PlatformException.Kind.UNAVAILABLE) {
        throw e;
      }
      return List.of();
    }
  }

  /** Every entry of a paged list, following {@code paging.cursors.after} while {@code paging.next} is given. */
  private static <T> List<T> all(Function<String, ? extends FacebookRestClient.Paged<T>> page) {
    var entries = new ArrayList<T>();
    String after = null;
    for (int i = 0; i < MAX_PAGES; i++) {
      String cursor = after;
      var answer = call(() -> page.apply(cursor));
      if (answer.data() != null) {
        entries.addAll(answer.data());
      }
      var paging = answer.paging();
      if (paging == null || paging.next() == null || paging.cursors() == null || paging.cursors().after() == null
          || paging.cursors().after().equals(after) || answer.data() == null || answer.data().isEmpty()) {
        return entries;
      }
      after = paging.cursors().after();
    }
    Log.warnf("A Facebook list had more than %d pages; the rest is ignored", MAX_PAGES);
    return entries;
  }

  /** Without the CREATE_CONTENT task the user cannot publish to the Page; older answers carry no tasks at all. */
  private static boolean canPost(FacebookRestClient.Page page) {
    boolean mayCreate = page.tasks() == null || page.tasks().isEmpty() || page.tasks().contains("CREATE_CONTENT");
    return mayCreate && page.id() != null && page.accessToken() != null;
  }

  private static <T extends FacebookRestClient.Answer> T call(Supplier<T> request) {
    T answer;
    try {
      answer = request.get();
    } catch (ProcessingException e) {
      throw PlatformException.unavailable("facebook: unreachable (" + e.getMessage() + ")", e);
    }
    if (answer == null) {
      throw PlatformException.of(PlatformException.Kind.UNAVAILABLE, "facebook: empty answer");
    }
    if (answer.error() != null) {
      throw FacebookErrors.refusal(answer.error(), 200);
    }
    return answer;
  }

  private static String token(FacebookRestClient.UserToken answer) {
    if (answer.accessToken() == null || answer.accessToken().isBlank()) {
      throw PlatformException.of(PlatformException.Kind.UNAVAILABLE, "facebook: answer without access_token");
    }
    return answer.accessToken();
  }
}
