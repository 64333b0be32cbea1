package io.herald.publisher.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
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

  /**
   * {@code GET /{video-id}?fields=status} answers each of {@code bodies} in turn (a WireMock scenario), the last one
   * from then on.
   */
  public static void videoStatusSequence(String videoId, String... bodies) {
    String scenario = "status-" + videoId;
    for (int i = 0; i < bodies.length; i++) {
      var stub = get(urlPathEqualTo("/v21.0/" + videoId)).withQueryParam("fields", equalTo("status"))
          .inScenario(scenario).whenScenarioStateIs(i == 0 ? Scenario.STARTED : "read" + i)
          .willReturn(json(bodies[i]));
      if (i < bodies.length - 1) {
        stub = stub.willSetStateTo("read" + (i + 1));
      }
      PlatformFakes.wireMock().stubFor(stub);
    }
  }

  /** A video's {@code status} as Graph answers it: {@code video_status}, and the phases of a Reel or Story. */
  public static String status(String videoStatus, String publishing) {
    return status(videoStatus, "complete", publishing, null);
  }

  /** With each phase's status; {@code processingError} puts the platform's reason in {@code processing_phase}. */
  public static String status(String videoStatus, String processing, String publishing, String processingError) {
    String phases = publishing == null ? "" : ",\"uploading_phase\":{\"status\":\"complete\",\"bytes_transferred\":"
        + "1048576},\"processing_phase\":{\"status\":\"" + processing + "\""
        + (processingError == null ? "" : ",\"errors\":[{\"code\":1363008,\"message\":\"" + processingError
            + "\"}]")
        + "},\"publishing_phase\":{\"status\":\"" + publishing + "\"" + ("complete".equals(publishing)
            ? ",\"publish_status\":\"published\",\"publish_time\":1796000000" : "") + "}";
    return "{\"status\":{\"video_status\":\"" + videoStatus + "\"" + phases + "},\"id\":\"v\"}";
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
