package io.herald.auth.social;

import io.herald.auth.config.AuthConfig;
import io.herald.auth.social.ConnectFlowStore.ConnectFlow;
import io.herald.auth.social.ConnectService.Offered;
import io.herald.auth.social.ConnectService.Outcome;
import io.herald.auth.social.ConnectService.Pending;
import io.herald.auth.social.ConnectService.Status;
import io.herald.auth.social.dto.SocialAccountView;
import io.herald.auth.tenant.ReturnUrls;
import io.herald.common.problem.Problem;
import io.herald.common.problem.ProblemException;
import io.herald.common.stream.Platform;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The browser side of the connect flow: the binding cookie, the pages (Qute, escaped), the redirect to the client's
 * returnUrl, and the same answers as JSON for a client that asks for {@code application/json} (scripts and tests
 * driving the flow without a browser). Every page forbids framing (a Confirm button must not be clickjacked), sends
 * no referrer (the callback URL holds the code) and is never cached.
 */
@ApplicationScoped
public class ConnectPages {
  static final String COOKIE = "herald-connect";

  private final boolean secure;
  private final String cookieName;
  private final long cookieMaxAge;
  private final String base;

  ConnectPages(AuthConfig config, AuthConfig.Connect connect) {
    this.base = config.publicUrl().replaceAll("/+$", "");
    this.secure = base.toLowerCase(Locale.ROOT).startsWith("https://");
    // __Host-: the browser keeps it only if Secure, Path=/ and without Domain, so no sibling host can set it.
    this.cookieName = secure ? "__Host-" + COOKIE : COOKIE;
    this.cookieMaxAge = connect.stepLifetime().multipliedBy(3).toSeconds();
  }

  @CheckedTemplate(basePath = "connect")
  static class Templates {
    static native TemplateInstance confirm(ConfirmPage page);

    static native TemplateInstance done(DonePage page);

    static native TemplateInstance error(ErrorPage page);
  }

  /** What the confirmation page shows. */
  public record ConfirmPage(String userEmail, String tenantName, String platformName, String accountNoun,
      List<Offered> accounts, boolean single, String action, String connectId, String csrfToken) {}

  /** What the last page shows. */
  public record DonePage(String heading, String message, String tenantName, String platformName,
      List<SocialAccountView> accounts, boolean nothing) {}

  public record ErrorPage(String title, String detail) {}

  /** The binding cookie the browser carries, if any. */
  public String binding(HttpHeaders headers) {
    var cookie = headers.getCookies().get(cookieName);
    return cookie == null ? null : cookie.getValue();
  }

  public Response startRedirect(ConnectService.Redirect redirect) {
    String cookie = cookieName + "=" + redirect.binding() + "; Path=/; Max-Age=" + cookieMaxAge
        + "; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
    return guarded(Response.seeOther(URI.create(redirect.platformUrl())).header("Set-Cookie", cookie), null)
        .build();
  }

  public Response pending(Pending pending, HttpHeaders headers) {
    var flow = pending.flow();
    if (wantsJson(headers)) {
      var body = new LinkedHashMap<String, Object>();
      body.put("status", "CONFIRMATION_REQUIRED");
      body.put("connectId", flow.id());
      body.put("platform", flow.platform());
      body.put("connectingUser", pending.userEmail());
      body.put("tenant", Map.of("id", flow.tenantId(), "name", pending.tenantName()));
      body.put("accounts", pending.accounts());
      body.put("confirmUrl", base + ConnectService.CONFIRM_PATH);
      body.put("csrfToken", pending.csrfToken());
      return guarded(Response.ok(body, MediaType.APPLICATION_JSON), null).build();
    }
    var page = new ConfirmPage(pending.userEmail(), pending.tenantName(), platformName(flow.platform()),
        flow.platform() == Platform.FACEBOOK ? "Page" : "account", pending.accounts(),
        pending.accounts().size() == 1, base + ConnectService.CONFIRM_PATH, flow.id(), pending.csrfToken());
    return html(Response.ok(), Templates.confirm(page), flow.returnUrl());
  }

  public Response outcome(Outcome outcome, HttpHeaders headers) {
    var flow = outcome.flow();
    if (wantsJson(headers)) {
      if (outcome.status() == Status.DENIED || outcome.status() == Status.FAILED) {
        return problem(new ProblemException(400, outcome.error(), "Bad Request", outcome.detail()), headers);
      }
      var body = new LinkedHashMap<String, Object>();
      body.put("status", outcome.status());
      body.put("connectId", flow.id());
      body.put("accounts", outcome.accounts());
      if (flow.returnUrl() != null) {
        body.put("returnUrl", returnTo(flow, outcome.status(), outcome.accounts(), outcome.error()));
      }
      return guarded(Response.ok(body, MediaType.APPLICATION_JSON), null).build();
    }
    if (flow.returnUrl() != null) {
      return guarded(Response.seeOther(URI.create(
          returnTo(flow, outcome.status(), outcome.accounts(), outcome.error()))), null).build();
    }
    String platform = platformName(flow.platform());
    var page = switch (outcome.status()) {
      case CONNECTED -> new DonePage(platform + " connected", "", outcome.tenantName(), platform, outcome.accounts(),
          false);
      case CANCELLED -> new DonePage("Connection cancelled", "Nothing was connected.", outcome.tenantName(), platform,
          List.of(), true);
      default -> new DonePage(platform + " was not connected", outcome.detail(), outcome.tenantName(), platform,
          List.of(), true);
    };
    return html(Response.status(outcome.status() == Status.DENIED ? 400 : 200), Templates.done(page), null);
  }

  /** A failed step: to the client's returnUrl when the browser was proven to be the flow's, else a page. */
  public Response failure(ConnectService.ConnectFailure failure, HttpHeaders headers) {
    var problem = failure.problem();
    if (wantsJson(headers)) {
      return problem(problem, headers);
    }
    var flow = failure.flow().orElse(null);
    if (flow != null && flow.returnUrl() != null) {
      return guarded(Response.seeOther(URI.create(returnTo(flow, Status.FAILED, List.of(), problem.type()))), null)
          .build();
    }
    var builder = Response.status(problem.status());
    problem.headers().forEach(builder::header);
    return html(builder, Templates.error(new ErrorPage(problem.title(), problem.getMessage())), null);
  }

  private Response problem(ProblemException e, HttpHeaders headers) {
    var body = Problem.of(e, null);
    var builder = Response.status(e.status()).type(Problem.MEDIA_TYPE).entity(body);
    e.headers().forEach(builder::header);
    return guarded(builder, null).build();
  }

  private String returnTo(ConnectFlow flow, Status status, List<SocialAccountView> accounts, String error) {
    var query = new StringBuilder("state=").append(enc(flow.id())).append("&status=")
        .append(status.name().toLowerCase(Locale.ROOT)).append("&platform=").append(flow.platform().name());
    if (!accounts.isEmpty()) {
      query.append("&accounts=").append(enc(accounts.stream().map(a -> a.id().toString())
          .collect(Collectors.joining(","))));
    }
    if (error != null) {
      query.append("&error=").append(enc(error));
    }
    String url = flow.returnUrl();
    return url + (url.contains("?") ? "&" : "?") + query;
  }

  private Response html(Response.ResponseBuilder builder, TemplateInstance page, String returnUrl) {
    return guarded(builder.type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(page.render()), returnUrl)
        .build();
  }

  private static Response.ResponseBuilder guarded(Response.ResponseBuilder builder, String returnUrl) {
    String formTargets = "'self'" + (returnUrl == null ? "" : " " + ReturnUrls.origin(originOf(returnUrl)).orElse(""));
    return builder.header("Cache-Control", "no-store").header("Pragma", "no-cache")
        .header("Referrer-Policy", "no-referrer").header("X-Frame-Options", "DENY")
        .header("X-Content-Type-Options", "nosniff")
        .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action "
            + formTargets.strip() + "; frame-ancestors 'none'; base-uri 'none'");
  }

  private static String originOf(String url) {
    var uri = URI.create(url);
    return uri.getScheme() + "://" + uri.getRawAuthority();
  }

  private static boolean wantsJson(HttpHeaders headers) {
    return headers.getAcceptableMediaTypes().stream().anyMatch(t -> t.isCompatible(MediaType.APPLICATION_JSON_TYPE)
        && !t.isWildcardType()) && headers.getAcceptableMediaTypes().stream()
        .noneMatch(t -> "text".equals(t.getType()) && "html".equals(t.getSubtype()));
  }

  private static String platformName(Platform platform) {
    return platform == Platform.FACEBOOK ? "Facebook" : "TikTok";
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
