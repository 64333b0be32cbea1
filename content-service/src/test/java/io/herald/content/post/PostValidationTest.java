package io.herald.content.post;

import static io.herald.content.support.Posts.as;
import static io.herald.content.support.Posts.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.herald.common.security.Roles;
import io.herald.common.stream.Platform;
import io.herald.common.testing.ChunkedPost;
import io.herald.common.testing.HeraldInfraResource;
import io.herald.common.testing.TestJwt;
import io.herald.common.testing.TestJwtResource;
import io.herald.content.support.AuthServiceMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(TestJwtResource.class)
@WithTestResource(AuthServiceMock.class)
class PostValidationTest {
  final UUID tenant = UUID.randomUUID();
  final String editor = TestJwt.token(tenant, Roles.EDITOR);
  @TestHTTPResource("/api/v1/posts")
  URI posts;

  String tiktok(UUID account, String media, String options, String text) {
    return """
        {"text":%s,"media":%s,"targets":[{"socialAccountId":"%s","options":%s}]}"""
        .formatted(text, media, account, options);
  }

  void rejects(String body, String field) {
    create(editor, body).statusCode(422).contentType("application/problem+json")
        .body("errors.field", hasItem(field));
    as(editor).body(body).post("/api/v1/posts:validate").then().statusCode(422).body("errors.field", hasItem(field));
  }

  @Test
  void aNulCharacterAnywhereIsABadRequestAndNothingIsStored() {
    UUID fb = AuthServiceMock.active(tenant, Platform.FACEBOOK);
    for (String body : List.of(
        "{\"text\":\"a\\u0000b\",\"targets\":[{\"socialAccountId\":\"%s\"}]}",
        "{\"text\":\"x\",\"link\":\"https://example.com/\\u0000\",\"targets\":[{\"socialAccountId\":\"%s\"}]}",
        "{\"text\":\"x\",\"media\":[{\"type\":\"IMAGE\",\"url\":\"https://cdn.example.com/\\u0000.jpg\"}],"
            + "\"targets\":[{\"socialAccountId\":\"%s\"}]}")) {
      create(editor, body.formatted(fb)).statusCode(400).contentType("application/problem+json");
    }
    as(editor).get("/api/v1/posts").then().statusCode(200).body("items", org.hamcrest.Matchers.empty());
  }

  @Test
  void aBodyOverTheLimitIsRefusedBeforeItIsRead() {
    UUID fb = AuthServiceMock.active(tenant, Platform.FACEBOOK);
    String huge = "{\"text\":\"" + "x".repeat(3 * 1024 * 1024) + "\",\"targets\":[{\"socialAccountId\":\"" + fb + "\"}]}";
    create(editor, huge).statusCode(413).contentType("application/problem+json")
        .body("type", org.hamcrest.Matchers.endsWith("/body-too-large"));
  }

  @Test
  void aJsonBodySentInChunksCreatesThePost() throws Exception {
    UUID fb = AuthServiceMock.active(tenant, Platform.FACEBOOK);
    var answer = sendChunked("{\"text\":\"Sent in chunks\",\"targets\":[{\"socialAccountId\":\"" + fb + "\"}]}");
    assertThat(answer.statusCode()).isEqualTo(201);
    as(editor).get("/api/v1/posts").then().statusCode(200).body("items.text", hasItem("Sent in chunks"));
  }

  @Test
  void aChunkedBodyThatGrowsPastTheLimitIsAProblemAndNothingIsStored() throws Exception {
    UUID fb = AuthServiceMock.active(tenant, Platform.FACEBOOK);
    var answer = sendChunked(
        "{\"text\":\"" + "x".repeat(3 * 1024 * 1024) + "\",\"targets\":[{\"socialAccountId\":\"" + fb + "\"}]}");
    assertThat(answer.statusCode()).isEqualTo(413);
    assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(answer.body()).contains("/body-too-large").contains("larger than 2097152 bytes");
    as(editor).get("/api/v1/posts").then().statusCode(200).body("items", org.hamcrest.Matchers.empty());
  }

  @Test
  void aRequestWithoutATokenIsRefusedBeforeItsBodyIsRead() throws Exception {
    // A chunked body that never ends: the 401 has to come while it is still being sent.
    try (var socket = new Socket(posts.getHost(), posts.getPort())) {
      socket.setSoTimeout(5_000);
      socket.getOutputStream().write(("POST /api/v1/posts HTTP/1.1\r\nHost: localhost\r\n"
          + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"te\"\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
          .readLine();
      assertThat(statusLine).startsWith("HTTP/1.1 401");
    }
  }

  private HttpResponse<String> sendChunked(String body) throws Exception {
    return ChunkedPost.send(posts, "application/json", body, Map.of("Authorization", "Bearer " + editor));
  }

  @Test
  void facebookMessageLength() {
    UUID fb = AuthServiceMock.active(tenant, Platform.FACEBOOK);
    String ok = "a".repeat(PostValidator.FACEBOOK_MESSAGE_MAX);
    as(editor).body("{\"text\":\"" + ok + "\",\"targets\":[{\"socialAccountId\":\"" + fb + "\"}]}")
        .post("/api/v1/posts:validate").then().statusCode(200).body("valid", equalTo(true));
    rejects("{\"text\":\"" + ok + "b\",\"targets\":[{\"socialAccountId\":\"" + fb + "\"}]}", "text");
    rejects("{\"text\":\"\",\"targets\":[{\"socialAccountId\":\"" + fb + "\"}]}", "text");
  }

  @Test
  void facebookTakesOneVideoOrPhotosNotBoth() {
    UUID fb = AuthServiceMock.active(tenant, Platform.FACEBOOK);
    String video = "{\"type\":\"VIDEO\",\"url\":\"https://cdn.example.com/v.mp4\"}";
    String photo = "{\"type\":\"IMAGE\",\"url\":\"https://cdn.example.com/p.jpg\"}";
    String body = "{\"text\":\"x\",\"media\":[%s],\"targets\":[{\"socialAccountId\":\"" + fb + "\"}]}";
    rejects(body.formatted(video + "," + photo), "media");
    rejects(body.formatted(video + "," + video), "media");
    as(editor).body(body.formatted(photo + "," + photo)).post("/api/v1/posts:validate").then().statusCode(200);
  }

  @Test
  void tiktokNeedsExactlyOneVideoOrOneTo35Photos() {
    UUID tt = AuthServiceMock.active(tenant, Platform.TIKTOK);
    String options = "{\"privacyLevel\":\"SELF_ONLY\"}";
    String video = "{\"type\":\"VIDEO\",\"url\":\"https://cdn.example.com/v.mp4\"}";
    String photo = "{\"type\":\"IMAGE\",\"url\":\"https://cdn.example.com/p.jpg\"}";
    rejects(tiktok(tt, "[]", options, "\"x\""), "media");
    rejects(tiktok(tt, "[" + video + "," + video + "]", options, "\"x\""), "media");
    rejects(tiktok(tt, "[" + video + "," + photo + "]", options, "\"x\""), "media");
    String photos35 = "[" + String.join(",", java.util.Collections.nCopies(35, photo)) + "]";
    as(editor).body(tiktok(tt, photos35, options, "\"x\"")).post("/api/v1/posts:validate").then().statusCode(200);
    rejects(tiktok(tt, "[" + String.join(",", java.util.Collections.nCopies(36, photo)) + "]", options, "\"x\""),
        "media");
  }

  @Test
  void tiktokVideosLongerThanTenMinutesAreRefusedAndDurationsMustBePositive() {
    UUID tt = AuthServiceMock.active(tenant, Platform.TIKTOK);
    String options = "{\"privacyLevel\":\"SELF_ONLY\"}";
    String video = "{\"type\":\"VIDEO\",\"url\":\"https://cdn.example.com/v.mp4\",\"durationSeconds\":%d}";
    as(editor).body(tiktok(tt, "[" + video.formatted(600) + "]", options, "\"x\"")).post("/api/v1/posts:validate")
        .then().statusCode(200);
    rejects(tiktok(tt, "[" + video.formatted(601) + "]", options, "\"x\""), "media[0].durationSeconds");
    rejects(tiktok(tt, "[" + video.formatted(0) + "]", options, "\"x\""), "media[0].durationSeconds");
  }

  @Test
  void tiktokLengthsAreCountedInUtf16Units() {
    UUID tt = AuthServiceMock.active(tenant, Platform.TIKTOK);
    String options = "{\"privacyLevel\":\"SELF_ONLY\"}";
    String video = "[{\"type\":\"VIDEO\",\"url\":\"https://cdn.example.com/v.mp4\"}]";
    String photo = "[{\"type\":\"IMAGE\",\"url\":\"https://cdn.example.com/p.jpg\"}]";
    // an emoji is one character but two UTF-16 units: 1100 of them are 2200 units (allowed), one more is not
    String emoji = "\uD83D\uDE00";
    as(editor).body(tiktok(tt, video, options, "\"" + emoji.repeat(1100) + "\"")).post("/api/v1/posts:validate").then()
        .statusCode(200);
    rejects(tiktok(tt, video, options, "\"" + emoji.repeat(1100) + "a\""), "text");
    rejects(tiktok(tt, photo, options, "\"" + "a".repeat(4001) + "\""), "text");
    rejects(tiktok(tt, photo, "{\"privacyLevel\":\"SELF_ONLY\",\"title\":\"" + emoji.repeat(45) + "a\"}", "\"x\""),
        "targets[0].options.title");
  }

  @Test
  void tiktokNeedsAKnownPrivacyLevel() {
    UUID tt = AuthServiceMock.active(tenant, Platform.TIKTOK);
    String video = "[{\"type\":\"VIDEO\",\"url\":\"https://cdn.example.com/v.mp4\"}]";
    rejects(tiktok(tt, video, "{}", "\"x\""), "targets[0].options.privacyLevel");
    rejects(tiktok(tt, video, "{\"privacyLevel\":\"EVERYONE\"}", "\"x\""), "targets[0].options.privacyLevel");
  }

  @Test
  void mediaMustBeHttps() {
    UUID fb = AuthServiceMock.active(tenant, Platform.FACEBOOK);
    rejects("""
        {"text":"x","media":[{"type":"IMAGE","url":"https://cdn.example.com/a.jpg"},
                             {"type":"IMAGE","url":"http://cdn.example.com/b.jpg"}],
         "targets":[{"socialAccountId":"%s"}]}""".formatted(fb), "media[1].url");
    rejects("""
        {"text":"x","link":"javascript:alert(1)","targets":[{"socialAccountId":"%s"}]}""".formatted(fb), "link");
    for (String internal : List.of("https://169.254.169.254/latest/meta-data", "https://10.1.2.3/a.jpg",
        "https://redis.herald.svc.cluster.local/a.jpg", "https://[fd00::5]/a.jpg",
        "https://cdn.example.com/" + "a".repeat(2_100) + ".jpg")) {
      rejects("""
          {"text":"x","media":[{"type":"IMAGE","url":"%s"}],"targets":[{"socialAccountId":"%s"}]}"""
          .formatted(internal, fb), "media[0].url");
    }
  }

  @Test
  void scheduledAtWithinGraceAndAYear() {
    UUID fb = AuthServiceMock.active(tenant, Platform.FACEBOOK);
    String body = "{\"text\":\"x\",\"scheduledAt\":\"%s\",\"targets\":[{\"socialAccountId\":\"" + fb + "\"}]}";
    rejects(body.formatted(Instant.now().minus(1, ChronoUnit.HOURS)), "scheduledAt");
    rejects(body.formatted(Instant.now().plus(400, ChronoUnit.DAYS)), "scheduledAt");
    as(editor).body(body.formatted(Instant.now().minusSeconds(10))).post("/api/v1/posts:validate").then()
        .statusCode(200);
  }

  @Test
  void targetsMustBeActiveAccountsOfTheCallersTenant() {
    UUID foreign = AuthServiceMock.active(UUID.randomUUID(), Platform.FACEBOOK);
    UUID unknown = UUID.randomUUID();
    String body = "{\"text\":\"x\",\"targets\":[{\"socialAccountId\":\"%s\"}]}";
    rejects(body.formatted(foreign), "targets[0].socialAccountId");
    rejects(body.formatted(unknown), "targets[0].socialAccountId");
    rejects("{\"text\":\"x\",\"targets\":[]}", "targets");
    UUID fb = AuthServiceMock.active(tenant, Platform.FACEBOOK);
    rejects("{\"text\":\"x\",\"targets\":[{\"socialAccountId\":\"%s\"},{\"socialAccountId\":\"%s\"}]}"
            .formatted(fb, fb),
        "targets[1].socialAccountId");
  }

  @Test
  void anAccountThatNeedsReauthIsRefusedWithAnInvitationToReconnect() {
    UUID stale = AuthServiceMock.account(tenant, Platform.FACEBOOK, "NEEDS_REAUTH");
    create(editor, "{\"text\":\"x\",\"targets\":[{\"socialAccountId\":\"" + stale + "\"}]}").statusCode(422)
        .body("type", endsWith("/account-needs-reauth"))
        .body("errors[0].field", equalTo("targets[0].socialAccountId"))
        .body("errors[0].message", containsString("reconnect"));
    UUID gone = AuthServiceMock.account(tenant, Platform.TIKTOK, "DISCONNECTED");
    create(editor, "{\"text\":\"x\",\"targets\":[{\"socialAccountId\":\"" + gone + "\"}]}").statusCode(422)
        .body("detail", containsString("reconnect"));
  }

  @Test
  void authServiceUnreachableWithNothingCachedIs503WithRetryAfter() {
    UUID account = AuthServiceMock.unreachable();
    create(editor, "{\"text\":\"x\",\"targets\":[{\"socialAccountId\":\"" + account + "\"}]}").statusCode(503)
        .contentType("application/problem+json").header("Retry-After", equalTo("5"));
    as(editor).queryParam("account", account.toString()).get("/api/v1/posts").then().body("items.size()", equalTo(0));
  }

  @Test
  void validateSavesNothing() {
    UUID fb = AuthServiceMock.active(tenant, Platform.FACEBOOK);
    as(editor).body("{\"text\":\"dry run\",\"targets\":[{\"socialAccountId\":\"" + fb + "\"}]}")
        .post("/api/v1/posts:validate").then().statusCode(200)
        .body("targets[0].platform", equalTo("FACEBOOK"));
    as(editor).get("/api/v1/posts").then().body("items.size()", equalTo(0));
  }
}
