package io.herald.publisher.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.herald.publisher.support.Jobs.Account;

/**
 * The Graph API's answers ({@code docs/platforms.md} §1.2 "Publishing", §1.3 "Errors and throttling") as WireMock
 * stubs, for one Page.
 */
public final class GraphStubs {
  private GraphStubs() {}

  public static String feed(Account account) {
    return "/v21.0/" + account.externalId() + "/feed";
  }

  /** The Page's {@code /feed} creates each unpublished post with an id of its own; publishing by id succeeds. */
  public static void createsAndPublishes(Account account) {
    PlatformFakes.wireMock().stubFor(post(urlPathEqualTo(feed(account))).willReturn(json(
        "{\"id\":\"" + account.externalId() + "_{{randomValue length=15 type='NUMERIC'}}\"}")
        .withTransformers("response-template")));
    PlatformFakes.wireMock().stubFor(post(urlPathMatching("/v21.0/" + account.externalId() + "_\\d+"))
        .willReturn(json("{\"success\":true}")));
  }

  public static ResponseDefinitionBuilder json(String body) {
    return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
  }

  /** A Graph error body ({@code {"error":{message,type,code,error_subcode,fbtrace_id}}}). */
  public static ResponseDefinitionBuilder error(int status, int code, Integer subcode, String message) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(
        "{\"error\":{\"message\":\"" + message + "\",\"type\":\"OAuthException\",\"code\":" + code
            + (subcode == null ? "" : ",\"error_subcode\":" + subcode) + ",\"fbtrace_id\":\"EJplcsCHuLu\"}}");
  }
}
