package io.herald.publisher.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.common.crypto.Secrets;
import io.herald.common.security.Roles;
import io.herald.common.testing.HeraldInfraResource;
import io.herald.common.testing.TestJwt;
import io.herald.common.testing.TestJwtResource;
import io.herald.common.testing.fuzz.Fuzz;
import io.herald.common.testing.fuzz.HostileJson;
import io.herald.common.testing.fuzz.HostileRequest;
import io.herald.publisher.support.PlatformFakes;
import io.quarkus.logging.Log;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import javax.sql.DataSource;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

/**
 * Property-based fuzzing (common's fuzz kit) of every publisher-worker endpoint that takes input: TikTok's signed
 * publish webhooks (signed hostile bodies: wrong types, NUL and control characters, huge strings, instants out of
 * range, broken inner JSON; and hostile signatures), a dead letter's replay (entry ids of every shape) and the dead
 * letter listing's {@code limit}. Every answer is below 500 and every 4xx is problem+json; afterwards no webhook
 * that was refused left a row.
 *
 * <p>The seed is logged at start ({@code -Dherald.fuzz.seed=...} replays one run); {@code -Dherald.fuzz.tries} sets
 * the count per endpoint (default 40).
 */
@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(TestJwtResource.class)
@WithTestResource(PlatformFakes.class)
class EndpointFuzzTest {
  private static final int TRIES = Fuzz.tries(40);
  /** publisher-worker's {@code quarkus.http.limits.max-body-size} (256K). */
  private static final int BODY_LIMIT = 256 * 1024;
  /** The TikTok client secret of the test profile: the webhooks are signed with it. */
  private static final String SECRET = "tiktok-test-secret";

  @Inject
  DataSource db;

  @Test
  void everyEndpointAnswersHostileInputWithA4xxProblemAndWritesNothingHalfway() {
    Fuzz.run("publisher-worker endpoints", this::fuzz);
  }

  private void fuzz(Random random, long seed) {
    String run = "fz" + Long.toHexString(random.nextLong() & 0xffffffffL);
    String admin = TestJwt.token(UUID.randomUUID(), Roles.ADMIN);
    var statuses = new TreeMap<String, TreeMap<Integer, Integer>>();
    var refusedMarkers = new ArrayList<String>();

    // TikTok's webhook: signed (mostly) hostile bodies.
    for (int i = 0; i < TRIES; i++) {
      String marker = run + "t" + i + ".";
      var request = Fuzz.draw(HostileRequest.of(webhookBody(marker), "application/json", BODY_LIMIT), random);
      String signature = Fuzz.draw(signature(request.body()), random);
      Response response = request.spec(null).header("TikTok-Signature", signature).post("/webhooks/tiktok");
      HostileRequest.assertNoServerErrorAndProblems(response, "webhook #" + i + " (seed " + seed + ") signature="
          + signature + ": " + request);
      statuses.computeIfAbsent("webhook", k -> new TreeMap<>()).merge(response.statusCode(), 1, Integer::sum);
      if (response.statusCode() != 200) {
        refusedMarkers.add(marker);
      }
    }

    // A dead letter's replay: entry ids of every shape, hostile headers and bodies.
    // At most 300 characters (3,600 once percent-encoded): a longer request line is Vert.x's 414, which closes the
    // connection while a body is still being sent.
    var entryIds = Arbitraries.oneOf(HostileJson.text().filter(s -> !s.isEmpty() && s.length() <= 300
            && !s.contains("{")
            && !s.contains("}") && !s.contains("/") && !s.contains("?") && !s.contains("#")),
        Arbitraries.of("0-0", "0-1", "1-0", "99999999999999999999-99999999999999999999", "18446744073709551615-0",
            "18446744073709551616-0", "18446744073709551615-18446744073709551615", "-1-0", "1-", "-", "+", "$", ">",
            "1e3-0", "1-1-1", "00000000000000000001-0"),
        Arbitraries.longs().between(0, Long.MAX_VALUE).map(n -> n + "-" + (n % 7)));
    // The edges first, in every run: ids the pattern lets through that Redis' 64-bit ids cannot hold.
    var edges = List.of("99999999999999999999-99999999999999999999", "18446744073709551616-0", "0-0");
    for (int i = 0; i < TRIES; i++) {
      String entryId = i < edges.size() ? edges.get(i) : Fuzz.draw(entryIds, random);
      var request = Fuzz.draw(HostileRequest.of(Arbitraries.just(new byte[0]), "application/json", BODY_LIMIT),
          random);
      String path = "/api/v1/queues/dead/" + entryId + "/replay";
      Response response = request.send("POST", path, admin);
      HostileRequest.assertNoServerErrorAndProblems(response, "replay #" + i + " (seed " + seed + ") " + path + ": "
          + request);
      assertThat(response.statusCode()).as("replay of %s, a dead letter of no tenant's", entryId).isNotEqualTo(202);
      statuses.computeIfAbsent("replay", k -> new TreeMap<>()).merge(response.statusCode(), 1, Integer::sum);
    }

    // The dead letters' listing: any limit.
    var limits = Arbitraries.oneOf(HostileJson.text(), Arbitraries.of("-1", "0", "1", "200", "201", "2147483647",
        "2147483648", "-2147483649", "9223372036854775808", "1e3", "0x10", " 5", "5 ", "+5", "NaN"));
    for (int i = 0; i < TRIES; i++) {
      String limit = Fuzz.draw(limits, random);
      var request = Fuzz.draw(HostileRequest.bodiless(), random);
      // A limit of 10,000 characters and more makes a request line over Vert.x's limit: its 414 may be lost with the
      // connection Vert.x closes while the line is still being sent (the same rule as health-aggregator's suite).
      Optional<Response> answered = request.unlessRefusedForSize("/api/v1/queues/dead", Map.of("limit", limit),
          () -> request.spec(admin).queryParam("limit", limit).get("/api/v1/queues/dead"));
      if (answered.isEmpty()) {
        statuses.computeIfAbsent("dead-letters", k -> new TreeMap<>()).merge(414, 1, Integer::sum);
        continue;
      }
      Response response = answered.get();
      HostileRequest.assertNoServerErrorAndProblems(response, "dead letters #" + i + " (seed " + seed + ") limit="
          + limit + ": " + request);
      statuses.computeIfAbsent("dead-letters", k -> new TreeMap<>()).merge(response.statusCode(), 1, Integer::sum);
    }
    Log.infof("publisher-worker fuzz statuses: %s", statuses);

    // Nothing half-written: no refused webhook left its event behind.
    for (String marker : refusedMarkers) {
      assertThat(count("SELECT count(*) FROM tiktok_webhook_events WHERE publish_id LIKE ? OR open_id LIKE ?",
          marker + "%")).as("events of the refused webhook %s", marker).isZero();
    }
  }

  /** TikTok's envelope: its fields valid mostly, each hostile now and then; {@code content} is JSON in a string. */
  private static Arbitrary<byte[]> webhookBody(String marker) {
    var publishId = HostileJson.mostly(Arbitraries.strings().alpha().ofMaxLength(12).map(s -> marker + s),
        HostileJson.text().map(s -> marker + s));
    var content = HostileJson.object(Map.of(
        "publish_id", publishId,
        "publish_type", Arbitraries.of("DIRECT_PUBLISH", "INBOX_SHARE", ""),
        "post_id", HostileJson.mostly(Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(19),
            HostileJson.text()),
        "reason", HostileJson.text()));
    var fields = Map.of(
        "client_key", Arbitraries.of("herald", ""),
        "event", HostileJson.mostly(Arbitraries.of("post.publish.complete", "post.publish.failed",
            "post.publish.publicly_available", "post.publish.inbox_delivered", "post.publish.no_longer_publicaly_"
                + "available"), HostileJson.text().map(s -> "post.publish." + s)),
        "create_time", HostileJson.mostly(Arbitraries.longs().between(0, 4_102_444_800L).map(String::valueOf),
            Arbitraries.of("-1", "0", "253402300800", "9223372036854775807", "-9223372036854775808",
                "31556889864403199", "31556889864403200", "1e30", "1.5", "\"1764579600\"", "null"))
            .map(HostileJson::raw),
        "user_openid", HostileJson.mostly(Arbitraries.just(marker + "open"), HostileJson.text().map(s -> marker + s)),
        "content", HostileJson.mostly(content, Arbitraries.oneOf(HostileJson.text(), content.map(c -> c.substring(
            0, c.length() / 2)))));
    return HostileJson.objectBytes(fields);
  }

  /** TikTok-Signature: a valid fresh one mostly, else stale, for another body, malformed or absurd. */
  private static Arbitrary<String> signature(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    long now = Instant.now().getEpochSecond();
    return Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.just("t=" + now + ",s=" + Secrets.hmacSha256Hex(SECRET, now + "." + text))),
        Tuple.of(1, Arbitraries.just("t=" + (now - 3600) + ",s=" + Secrets.hmacSha256Hex(SECRET, (now - 3600) + "."
            + text))),
        Tuple.of(1, Arbitraries.of("", "t=,s=", "t=" + now, "s=00", "t=999999999999,s=00", "t=-1,s=00",
            "t=9999999999999999999,s=00", "t=" + now + ",s=" + "f".repeat(5000), "t=" + now + ",s=zz",
            "t=1,t=2,s=3,s=4", ",,,,,", "=".repeat(3000))));
  }

  private long count(String sql, String like) {
    try (var connection = db.getConnection(); var statement = connection.prepareStatement(sql)) {
      statement.setString(1, like);
      statement.setString(2, like);
      var result = statement.executeQuery();
      result.next();
      return result.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
