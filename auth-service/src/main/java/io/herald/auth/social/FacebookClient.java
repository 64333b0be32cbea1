package io.herald.auth.social;

import io.herald.auth.config.AuthConfig;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** Facebook Login: code -> short-lived user token -> long-lived user token -> the user's Pages with their tokens. */
@ApplicationScoped
public class FacebookClient {
  private final FacebookRestClient graph;
  private final AuthConfig.Facebook config;

  FacebookClient(@RestClient FacebookRestClient graph, AuthConfig.Facebook config) {
    this.graph = graph;
    this.config = config;
  }

  /** A Page the user can publish to, with its (non-expiring) Page token. */
  public record Page(String id, String name, String accessToken) {}

  @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 30, delayUnit = ChronoUnit.SECONDS,
      failOn = PlatformException.Unavailable.class)
  @CircuitBreakerName("facebook-login")
  public List<Page> pagesFor(String code, String redirectUri) {
    String version = config.apiVersion();
    String appId = config.appId().orElseThrow();
    String secret = config.appSecret().orElseThrow();
    String userToken = token(call(() -> graph.exchangeCode(version, appId, redirectUri, secret, code)));
    String longLived = token(call(() -> graph.exchangeForLongLived(version, appId, secret, userToken)));
    var pages = call(() -> graph.pages(version, "id,name,access_token,tasks", 100, longLived)).data();
    return pages == null ? List.of() : pages.stream().filter(FacebookClient::canPost)
        .map(p -> new Page(p.id(), p.name() != null ? p.name() : p.id(), p.accessToken())).toList();
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
