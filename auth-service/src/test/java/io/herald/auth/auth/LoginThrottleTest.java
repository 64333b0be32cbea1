package io.herald.auth.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import io.herald.auth.support.Api;
import io.herald.auth.support.PlatformFake;
import io.herald.common.testing.HeraldInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Login throttling is soft and per client: defaults are 3 free failures per email and client, 10 per email, 20 per
 * address, then a wait doubling from the base delay (5 s in tests, 1 s in prod). The test client is a trusted
 * proxy (loopback), so X-Forwarded-For names the client, as an ingress does.
 */
@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(PlatformFake.class)
class LoginThrottleTest {

  @Test
  void twentyWrongPasswordsFromOneClientDoNotLockAnotherClientsCorrectLogin() {
    var owner = Api.signup();
    String attacker = Api.freshAddress();
    int refused = 0;
    for (int i = 0; i < 20; i++) {
      int status = login(owner.email(), "Wrong-Password-" + i, attacker).statusCode();
      assertThat(status).isIn(401, 429);
      refused += status == 429 ? 1 : 0;
    }
    // The attacker's own attempts were slowed down (3 free, then a doubling wait after each failure)...
    assertThat(refused).isGreaterThanOrEqualTo(10);
    // ...while the account holder, elsewhere, logs in at once.
    login(owner.email(), Api.PASSWORD, Api.freshAddress()).then().statusCode(200);
    Api.as(owner).get("/api/v1/audit-events?type=LOGIN_THROTTLED&limit=500").then()
        .body("items.size()", equalTo(refused));
  }

  @Test
  void failuresFromEverywhereMakeTheEmailWaitSoftlyNeverLocked() {
    var owner = Api.signup();
    for (int i = 0; i < 10; i++) {
      login(owner.email(), "Wrong-Password-" + i, Api.freshAddress()).then().statusCode(401);
    }
    Response throttled = login(owner.email(), Api.PASSWORD, Api.freshAddress());
    throttled.then().statusCode(429).contentType("application/problem+json").body("type", endsWith("/rate-limited"));
    long retryAfter = Long.parseLong(throttled.header("Retry-After"));
    assertThat(retryAfter).isBetween(1L, 5L);
    // After the wait the right password works (a back-off, not a lock).
    Awaitility.await().pollDelay(Duration.ofMillis(retryAfter * 1000)).atMost(Duration.ofSeconds(10))
        .until(() -> login(owner.email(), Api.PASSWORD, Api.freshAddress()).statusCode() == 200);
  }

  @Test
  void parallelGuessesAreCountedBeforeTheyAreChecked() throws Exception {
    var owner = Api.signup();
    String attacker = Api.freshAddress();
    var start = new CountDownLatch(1);
    var statuses = new ArrayList<Integer>();
    try (var pool = Executors.newFixedThreadPool(12)) {
      var answers = new ArrayList<Future<Integer>>();
      for (int i = 0; i < 12; i++) {
        int n = i;
        answers.add(pool.submit(() -> {
          start.await();
          return login(owner.email(), "Wrong-Password-" + n, attacker).statusCode();
        }));
      }
      start.countDown();
      for (var answer : answers) {
        statuses.add(answer.get(60, TimeUnit.SECONDS));
      }
    }
    // Only the pair's 3 free attempts reached the password check; the other 9 were refused unchecked.
    assertThat(statuses.stream().filter(s -> s == 401).count()).isEqualTo(3);
    assertThat(statuses.stream().filter(s -> s == 429).count()).isEqualTo(9);
  }

  @Test
  void twentyFailuresFromOneAddressThrottleThatAddressOnly() {
    var owner = Api.signup();
    String address = Api.freshAddress();
    for (int i = 0; i < 20; i++) {
      login(Api.uniqueEmail("nobody"), "Wrong-Password-" + i, address).then().statusCode(401);
    }
    login(owner.email(), Api.PASSWORD, address).then().statusCode(429)
        .header("Retry-After", org.hamcrest.Matchers.notNullValue());
    // The same user from elsewhere is fine.
    login(owner.email(), Api.PASSWORD, Api.freshAddress()).then().statusCode(200);
  }

  @Test
  void aSuccessfulLoginClearsTheEmailsFailures() {
    var owner = Api.signup();
    for (int i = 0; i < 9; i++) {
      login(owner.email(), "Wrong-Password-" + i, Api.freshAddress()).then().statusCode(401);
    }
    login(owner.email(), Api.PASSWORD, Api.freshAddress()).then().statusCode(200);
    for (int i = 0; i < 9; i++) {
      login(owner.email(), "Wrong-Password-" + i, Api.freshAddress()).then().statusCode(401);
    }
    login(owner.email(), Api.PASSWORD, Api.freshAddress()).then().statusCode(200);
  }

  @Test
  void forwardedHeadersFromAnUntrustedPeerAreIgnored() throws IOException {
    var owner = Api.signup();
    // 127.0.0.2 is not a trusted proxy: whatever it writes in X-Forwarded-For, it is the client.
    for (int i = 0; i < 3; i++) {
      assertThat(rawLogin(owner.email(), "Wrong-Password-" + i, Api.freshAddress())).isEqualTo(401);
    }
    assertThat(rawLogin(owner.email(), "Wrong-Password-x", Api.freshAddress())).isEqualTo(429);
    List<String> addresses = Api.as(owner).get("/api/v1/audit-events?type=LOGIN_FAILED").then().extract()
        .jsonPath().getList("items.clientAddress");
    assertThat(addresses).hasSize(3).containsOnly("127.0.0.2");
  }

  @Test
  void probingForAccountsThroughSignupIsThrottledPerAddressWhateverTheEmail() {
    var holder = Api.signup();
    String prober = Api.freshAddress();
    int refused = 0;
    for (int i = 0; i < 21; i++) {
      int status = signup(holder.email(), prober).statusCode();
      assertThat(status).isIn(409, 429);
      refused += status == 429 ? 1 : 0;
    }
    // 20 free probes (herald.login.address-free-failures), then the address waits.
    assertThat(refused).isGreaterThanOrEqualTo(1);
    // While it waits the address learns nothing: an email nobody has gets the same answer...
    signup(Api.uniqueEmail("fresh"), prober).then().statusCode(429).contentType("application/problem+json")
        .header("Retry-After", org.hamcrest.Matchers.notNullValue());
    // ...and successful signups from an address (an office behind one NAT) never add up.
    String office = Api.freshAddress();
    for (int i = 0; i < 21; i++) {
      signup(Api.uniqueEmail("colleague"), office).then().statusCode(201);
    }
  }

  private static Response signup(String email, String address) {
    return given().contentType(ContentType.JSON).header("X-Forwarded-For", address)
        .body(Map.of("tenantName", "Probe", "email", email, "password", Api.PASSWORD))
        .post("/api/v1/auth/signup");
  }

  private static Response login(String email, String password, String address) {
    return given().contentType(ContentType.JSON).header("X-Forwarded-For", address)
        .body(Map.of("email", email, "password", password)).post("/api/v1/auth/login");
  }

  /** A login sent from 127.0.0.2 (loopback, but not a trusted proxy), claiming to forward {@code forwardedFor}. */
  private static int rawLogin(String email, String password, String forwardedFor) throws IOException {
    String body = "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    try (var socket = new Socket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
      socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), RestAssured.port), 5000);
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
          + "X-Forwarded-For: " + forwardedFor + "\r\nContent-Length: " + bytes.length
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(bytes);
      out.flush();
      InputStream in = socket.getInputStream();
      String statusLine = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
      return Integer.parseInt(statusLine.substring(9, 12));
    }
  }
}
