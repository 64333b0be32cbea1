package io.herald.content.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.common.security.Roles;
import io.herald.common.stream.Platform;
import io.herald.common.testing.HeraldInfraResource;
import io.herald.common.testing.TestJwt;
import io.herald.common.testing.TestJwtResource;
import io.herald.common.testing.fuzz.Fuzz;
import io.herald.common.testing.fuzz.HostileJson;
import io.herald.common.testing.fuzz.HostileRequest;
import io.herald.content.support.AuthServiceMock;
import io.herald.content.support.Posts;
import io.quarkus.logging.Log;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import javax.sql.DataSource;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

/**
 * Property-based fuzzing (common's fuzz kit over jqwik's generators) of every content-service write endpoint: posts
 * create, {@code :batch}, {@code :validate}, PATCH, cancel, retry, resolve, a target's edit and unpublish; webhooks
 * create and delete. Random and boundary JSON, wrong types, empty and huge strings, NUL and control characters,
 * invalid UTF-8, deep nesting, bodies around the 2 MiB limit, odd content types, hostile {@code Idempotency-Key},
 * {@code If-Match}, {@code traceparent}, {@code Accept} and {@code Authorization} headers, odd path ids. Every answer
 * is below 500 and every 4xx is problem+json; afterwards the tables hold exactly what the 2xx answers created: no post
 * without its targets, no target of another tenant's account, no idempotency key left without its answer.
 *
 * <p>The seed is logged at start ({@code -Dherald.fuzz.seed=...} replays one run); {@code -Dherald.fuzz.tries} sets
 * the count per endpoint (default 20). The tenant's write bucket is opened wide (a profile) so the bodies, not the
 * 429s, are what is tested.
 */
@QuarkusTest
@TestProfile(WriteEndpointFuzzTest.Unthrottled.class)
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(TestJwtResource.class)
@WithTestResource(AuthServiceMock.class)
class WriteEndpointFuzzTest {
  private static final int TRIES = Fuzz.tries(20);
  /** content-service's {@code quarkus.http.limits.max-body-size} (2M). */
  private static final int BODY_LIMIT = 2 * 1024 * 1024;

  /** The write bucket wide open: a fuzz run is hundreds of writes in seconds. */
  public static class Unthrottled implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("herald.content.rate-limit.capacity", "1000000",
          "herald.content.rate-limit.refill-per-second", "100000");
    }
  }

  @Inject
  DataSource db;

  /**
   * One write endpoint: its method, a path drawn per try (ids), the fields of its body (each valid mostly) and, where
   * the endpoint creates something, the fields of a body that passes (so successes are among the tries too).
   */
  record Target(String name, String method, Arbitrary<String> path, Map<String, Arbitrary<String>> fields,
      Map<String, Arbitrary<String>> valid) {
    Target(String name, String method, Arbitrary<String> path, Map<String, Arbitrary<String>> fields) {
      this(name, method, path, fields, Map.of());
    }

    Arbitrary<byte[]> bodies() {
      var hostile = HostileJson.objectBytes(fields);
      return valid.isEmpty() ? hostile : Arbitraries.frequencyOf(Tuple.of(2, hostile),
          Tuple.of(1, HostileJson.plainObject(valid).map(b -> b.getBytes(StandardCharsets.UTF_8))));
    }
  }

  /** What the 2xx answers created, to compare with the tables afterwards. */
  static final class Created {
    int posts;
    int targets;
    int webhooks;
  }

  @Test
  void everyWriteEndpointAnswersHostileInputWithA4xxProblemAndWritesNothingHalfway() {
    Fuzz.run("content-service write endpoints", this::fuzz);
  }

  private void fuzz(Random random, long seed) {
    // A tenant of each run's own: the counts afterwards are of what this run created.
    UUID tenant = UUID.randomUUID();
    String owner = TestJwt.token(tenant, Roles.OWNER);
    UUID facebook = AuthServiceMock.active(tenant, Platform.FACEBOOK);
    UUID tiktok = AuthServiceMock.active(tenant, Platform.TIKTOK);
    UUID othersAccount = AuthServiceMock.active(UUID.randomUUID(), Platform.FACEBOOK);
    String later = Instant.now().plus(2, ChronoUnit.DAYS).toString();
    var postIds = new ArrayList<String>();
    var targetIds = new ArrayList<String>();
    for (int i = 0; i < 3; i++) {
      var post = Posts.create(owner, Posts.facebookAt(facebook, later)).statusCode(201).extract();
      postIds.add(post.path("id"));
      targetIds.add(post.path("targets[0].id"));
    }
    var webhookIds = new ArrayList<String>();
    for (int i = 0; i < 2; i++) {
      webhookIds.add(Posts.as(owner).body("{\"url\":\"https://hooks.example.com/h" + i + "\",\"events\":[\"post"
          + ".published\"]}").post("/api/v1/webhooks").then().statusCode(201).extract().path("id"));
    }
    var created = new Created();
    created.posts = 3;
    created.targets = 3;
    created.webhooks = 2;

    var statuses = new TreeMap<String, TreeMap<Integer, Integer>>();
    for (var target : targets(List.of(facebook, tiktok, othersAccount), postIds, targetIds, webhookIds)) {
      long started = System.nanoTime();
      var requests = HostileRequest.of(target.bodies(), "application/json", BODY_LIMIT);
      for (int i = 0; i < TRIES; i++) {
        var request = Fuzz.draw(requests, random);
        String path = Fuzz.draw(target.path(), random);
        Response response = request.send(target.method(), path, owner);
        String what = target.name() + " #" + i + " (seed " + seed + ") " + target.method() + " " + path + ": "
            + request;
        HostileRequest.assertNoServerErrorAndProblems(response, what);
        tally(target.name(), response, created);
        statuses.computeIfAbsent(target.name(), k -> new TreeMap<>()).merge(response.statusCode(), 1,
            Integer::sum);
      }
      Log.infof("%s: %d ms, statuses %s", target.name(), (System.nanoTime() - started) / 1_000_000,
          statuses.get(target.name()));
    }

    // Nothing half-written: the tenant holds exactly what the 2xx answers created...
    assertThat(count(tenant, "SELECT count(*) FROM posts WHERE tenant_id = ?")).isEqualTo(created.posts);
    assertThat(count(tenant, "SELECT count(*) FROM post_targets WHERE tenant_id = ?")).isEqualTo(created.targets);
    assertThat(count(tenant, "SELECT count(*) FROM webhooks WHERE tenant_id = ?")).isEqualTo(created.webhooks);
    // ...every post with its targets, every target in its post's tenant, every claimed key with its answer...
    assertThat(count(tenant, "SELECT count(*) FROM posts p WHERE p.tenant_id = ? AND NOT EXISTS"
        + " (SELECT 1 FROM post_targets t WHERE t.post_id = p.id)")).isZero();
    assertThat(count(tenant, "SELECT count(*) FROM post_targets t JOIN posts p ON p.id = t.post_id"
        + " WHERE p.tenant_id = ? AND t.tenant_id <> p.tenant_id")).isZero();
    assertThat(count(tenant, "SELECT count(*) FROM idempotency_keys WHERE tenant_id = ? AND (response IS NULL"
        + " OR post_id IS NULL)")).isZero();
    // ...and nothing of it names another tenant's account.
    assertThat(count(tenant, "SELECT count(*) FROM post_targets WHERE tenant_id = ? AND social_account_id = '"
        + othersAccount + "'")).isZero();
  }

  private static void tally(String target, Response response, Created created) {
    int status = response.statusCode();
    boolean replayed = "true".equals(response.header("Idempotent-Replayed"));
    if (target.equals("create") && status == 201 && !replayed) {
      created.posts++;
      created.targets += response.jsonPath().getList("targets").size();
    } else if (target.equals("batch") && status == 200) {
      List<Map<String, Object>> items = response.jsonPath().getList("items");
      for (var item : items) {
        if (Integer.valueOf(201).equals(item.get("status")) && !Boolean.TRUE.equals(item.get("replayed"))) {
          created.posts++;
          created.targets += ((List<?>) ((Map<?, ?>) item.get("post")).get("targets")).size();
        }
      }
    } else if (target.equals("webhook-create") && status == 201) {
      created.webhooks++;
    } else if (target.equals("webhook-delete") && status == 204) {
      created.webhooks--;
    }
  }

  private static List<Target> targets(List<UUID> accounts, List<String> postIds, List<String> targetIds,
      List<String> webhookIds) {
    var post = postFields(accounts);
    var validPost = validPost(accounts.subList(0, 1));
    var patch = Map.of("text", mostly(Arbitraries.of("Edited"), HostileJson.text()),
        "link", mostly(Arbitraries.of("https://example.com/edited"), HostileJson.url()),
        "media", mostly(Arbitraries.just(HostileJson.raw("[]")), media()), "scheduledAt", mostly(Arbitraries.integers().between(60, 1_000_000)
            .map(s -> Instant.now().plusSeconds(s).toString()), HostileJson.instant()), "priority", priority());
    Arbitrary<String> postId = id(postIds);
    Function<String, Arbitrary<String>> onPost = suffix -> postId.map(id -> "/api/v1/posts/" + id + suffix);
    // a post's own target mostly (so the checks past the ids are reached), else any pair of ids
    Function<String, Arbitrary<String>> onTarget = suffix -> Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.integers().between(0, postIds.size() - 1).map(i -> "/api/v1/posts/" + postIds.get(i)
            + "/targets/" + targetIds.get(i) + suffix)),
        Tuple.of(1, postId.flatMap(p -> id(targetIds).map(t -> "/api/v1/posts/" + p + "/targets/" + t + suffix))));
    var batchItem = HostileJson.object(withKey(post)).map(HostileJson::raw);
    var events = Arbitraries.of("post.published", "post.failed", "post.partially_published", "post.unknown_outcome",
        "account.needs_reauth", "*", "post.published ");
    return List.of(
        new Target("create", "POST", Arbitraries.just("/api/v1/posts"), post, validPost),
        new Target("batch", "POST", Arbitraries.just("/api/v1/posts:batch"), Map.of("items", Arbitraries.oneOf(
            HostileJson.array(batchItem, 6),
            Arbitraries.just(HostileJson.raw("[" + String.join(",", Collections.nCopies(101,
                Posts.facebook(accounts.getFirst()))) + "]")))), Map.of("items", Arbitraries.oneOf(HostileJson.array(
                    HostileJson.plainObject(validPost).map(HostileJson::raw), 5), HostileJson.array(Arbitraries.oneOf(
                    HostileJson.plainObject(validPost), batchItem).map(HostileJson::raw), 5)))),
        new Target("validate", "POST", Arbitraries.just("/api/v1/posts:validate"), post, validPost),
        new Target("patch", "PATCH", onPost.apply(""), patch),
        new Target("cancel", "DELETE", onPost.apply(""), Map.of()),
        new Target("retry", "POST", onPost.apply("/retry"), Map.of()),
        new Target("resolve", "POST", onTarget.apply("/resolve"), Map.of(
            "resolution", mostly(Arbitraries.of("PUBLISHED", "SEND_AGAIN"), Arbitraries.oneOf(HostileJson.text(),
                Arbitraries.of("published"))),
            "externalId", HostileJson.text(), "externalUrl", HostileJson.url())),
        new Target("edit", "POST", onTarget.apply("/edit"), Map.of("text", mostly(Arbitraries.of("Edited",
            "x".repeat(63_206)), Arbitraries.oneOf(HostileJson.text(), Arbitraries.of("x".repeat(63_207), ""))))),
        new Target("unpublish", "POST", onTarget.apply("/unpublish"), Map.of()),
        new Target("webhook-create", "POST", Arbitraries.just("/api/v1/webhooks"), Map.of(
            "url", mostly(Arbitraries.of("https://hooks.example.com/fuzz"), HostileJson.url()),
            "events", mostly(HostileJson.array(events, 5), HostileJson.array(Arbitraries.oneOf(HostileJson.text(),
                events), 25))), Map.of(
            "url", Arbitraries.strings().alpha().ofMaxLength(20).map(p -> "https://hooks.example.com/" + p),
            "events", HostileJson.array(events, 5))),
        new Target("webhook-delete", "DELETE", id(webhookIds).map(id -> "/api/v1/webhooks/" + id), Map.of()));
  }

  /** The fields of a post (create, validate, a batch item): valid mostly, so the deeper checks are reached too. */
  private static Map<String, Arbitrary<String>> postFields(List<UUID> accounts) {
    var account = mostly(Arbitraries.of(accounts).map(UUID::toString), HostileJson.uuid());
    var options = HostileJson.object(Map.ofEntries(
        Map.entry("privacyLevel", mostly(Arbitraries.of("PUBLIC_TO_EVERYONE", "SELF_ONLY", "MUTUAL_FOLLOW_FRIENDS"),
            HostileJson.text())),
        Map.entry("disableComment", bool()), Map.entry("disableDuet", bool()), Map.entry("disableStitch", bool()),
        Map.entry("mode", Arbitraries.of("DIRECT_POST", "INBOX", "direct_post", "")),
        Map.entry("title", HostileJson.text()), Map.entry("brandContent", bool()), Map.entry("aigc", bool()),
        Map.entry("facebookType", Arbitraries.of("FEED", "REEL", "STORY", "feed", "LIVE")),
        Map.entry("thumbnailUrl", HostileJson.url()),
        Map.entry("firstComment", HostileJson.object(Map.of("text", HostileJson.text(), "imageUrl",
            HostileJson.url())).map(HostileJson::raw)),
        Map.entry("videoCoverTimestampMs", number()), Map.entry("photoCoverIndex", number()),
        Map.entry("consentConfirmed", bool()))).map(HostileJson::raw);
    var target = HostileJson.object(Map.of("socialAccountId", account, "options", options)).map(HostileJson::raw);
    var plainTarget = account.map(id -> HostileJson.raw("[{\"socialAccountId\":\"" + id + "\"}]"));
    return Map.of(
        "text", mostly(Arbitraries.of("Launch day!", "#tag @mention https://example.com", "x".repeat(2200)),
            Arbitraries.oneOf(HostileJson.text(), Arbitraries.of("x".repeat(63_207), "x".repeat(63_206)))),
        "link", mostly(Arbitraries.of("https://example.com/launch"), HostileJson.url()),
        "media", mostly(Arbitraries.of("[]", "[{\"type\":\"IMAGE\",\"url\":\"https://cdn.example.com/a.jpg\"}]")
            .map(HostileJson::raw), media()),
        "targets", mostly(plainTarget, HostileJson.array(target, 22)),
        "scheduledAt", mostly(Arbitraries.integers().between(60, 1_000_000).map(s -> Instant.now().plusSeconds(s)
            .toString()), HostileJson.instant()),
        "priority", priority());
  }

  /** A post that passes every check (on the tenant's own accounts, within the schedule horizon). */
  private static Map<String, Arbitrary<String>> validPost(List<UUID> accounts) {
    return Map.of("text", Arbitraries.of("Launch day!", "#tag @mention https://example.com \ud83d\ude00"),
        "targets", Arbitraries.of(accounts).map(id -> HostileJson.raw("[{\"socialAccountId\":\"" + id + "\"}]")),
        "scheduledAt", Arbitraries.integers().between(600, 1_000_000).map(s -> Instant.now().plusSeconds(s)
            .toString()),
        "priority", Arbitraries.of("HIGH", "NORMAL", "LOW"));
  }

  private static Arbitrary<String> mostly(Arbitrary<String> valid, Arbitrary<String> hostile) {
    return HostileJson.mostly(valid, hostile);
  }

  private static Map<String, Arbitrary<String>> withKey(Map<String, Arbitrary<String>> fields) {
    var map = new HashMap<>(fields);
    map.put("idempotencyKey", Arbitraries.oneOf(HostileJson.text(), Arbitraries.of("k1", "k2", "x".repeat(255),
        "x".repeat(256))));
    return map;
  }

  private static Arbitrary<String> media() {
    var item = HostileJson.object(Map.of("type", Arbitraries.of("IMAGE", "VIDEO", "GIF", "image", ""),
        "url", Arbitraries.oneOf(HostileJson.url(), Arbitraries.of("https://cdn.example.com/a.jpg",
            "https://cdn.example.com/v.mp4")), "durationSeconds", number())).map(HostileJson::raw);
    return HostileJson.array(item, 37);
  }

  private static Arbitrary<String> priority() {
    return mostly(Arbitraries.of("HIGH", "NORMAL", "LOW"), Arbitraries.oneOf(HostileJson.text(),
        Arbitraries.of("low", "URGENT")));
  }

  private static Arbitrary<String> bool() {
    return Arbitraries.of("true", "false", "null", "1", "\"true\"", "\"yes\"").map(HostileJson::raw);
  }

  private static Arbitrary<String> number() {
    return Arbitraries.of("0", "-1", "1", "60", "2147483647", "2147483648", "9223372036854775807",
        "9223372036854775808", "1e400", "1.5", "\"10\"", "null").map(HostileJson::raw);
  }

  /** A path id: one of {@code ids} mostly, else a random UUID or no UUID at all. */
  private static Arbitrary<String> id(List<String> ids) {
    return Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.of(ids)),
        Tuple.of(1, HostileJson.randomUuid().map(UUID::toString)),
        Tuple.of(1, Arbitraries.of("not-a-uuid", "00000000-0000-0000-0000-000000000000", "-1", "..",
            "x".repeat(3000), "%00", "123e4567-e89b-12d3-a456-4266141740000")));
  }

  private long count(UUID tenant, String sql) {
    try (var connection = db.getConnection(); var statement = connection.prepareStatement(sql)) {
      statement.setObject(1, tenant);
      var result = statement.executeQuery();
      result.next();
      return result.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
