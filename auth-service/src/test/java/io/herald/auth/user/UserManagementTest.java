package io.herald.auth.user;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.herald.auth.support.Api;
import io.herald.auth.support.PlatformFake;
import io.herald.common.testing.HeraldInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(HeraldInfraResource.class)
@WithTestResource(PlatformFake.class)
class UserManagementTest {

  @Test
  void anInvitedUserSetsTheirPasswordAndLogsInWithTheirRole() {
    var owner = Api.signup();
    String email = Api.uniqueEmail("editor");
    String token = Api.as(owner).contentType(ContentType.JSON).body(Map.of("email", email, "role", "EDITOR"))
        .post("/api/v1/users").then().statusCode(201)
        .header("Location", org.hamcrest.Matchers.containsString("/api/v1/users/")).body("status", equalTo("INVITED"))
        .body("invitationToken", notNullValue()).extract().path("invitationToken");

    // Cannot log in before accepting.
    given().contentType(ContentType.JSON).header("X-Forwarded-For", Api.freshAddress())
        .body(Map.of("email", email, "password", Api.PASSWORD)).post("/api/v1/auth/login").then().statusCode(401);

    given().contentType(ContentType.JSON).body(Map.of("token", token, "password", Api.PASSWORD))
        .post("/api/v1/auth/accept-invitation").then().statusCode(200).body("access_token", notNullValue());
    var editor = Api.login(email, Api.PASSWORD);
    Api.as(editor).get("/api/v1/me").then().body("role", equalTo("EDITOR"))
        .body("tenantId", equalTo(owner.tenantId().toString()));

    // The invitation is spent.
    given().contentType(ContentType.JSON).body(Map.of("token", token, "password", Api.PASSWORD))
        .post("/api/v1/auth/accept-invitation").then().statusCode(400).contentType("application/problem+json");

    Api.as(owner).get("/api/v1/users").then().statusCode(200).body("email", hasItem(email))
        .body("invitationToken", org.hamcrest.Matchers.everyItem(nullValue()));
  }

  @Test
  void viewersAndEditorsCannotManageUsers() {
    var owner = Api.signup();
    var viewer = Api.member(owner, "VIEWER");
    var editor = Api.member(owner, "EDITOR");
    Api.as(viewer).contentType(ContentType.JSON).body(Map.of("email", Api.uniqueEmail("x"), "role", "VIEWER"))
        .post("/api/v1/users").then().statusCode(403).contentType("application/problem+json");
    Api.as(editor).get("/api/v1/users").then().statusCode(403).contentType("application/problem+json");
    Api.as(viewer).get("/api/v1/audit-events").then().statusCode(403);
    Api.as(editor).get("/api/v1/api-clients").then().statusCode(403);
  }

  @Test
  void anAdminCannotCreateOrTouchAnOwner() {
    var owner = Api.signup();
    var admin = Api.member(owner, "ADMIN");
    Api.as(admin).contentType(ContentType.JSON).body(Map.of("email", Api.uniqueEmail("o"), "role", "OWNER"))
        .post("/api/v1/users").then().statusCode(403);
    Api.as(admin).contentType(ContentType.JSON).body(Map.of("role", "VIEWER"))
        .patch("/api/v1/users/" + owner.userId()).then().statusCode(403);
    Api.as(admin).delete("/api/v1/users/" + owner.userId()).then().statusCode(403);
    var viewer = Api.member(owner, "VIEWER");
    Api.as(admin).contentType(ContentType.JSON).body(Map.of("role", "EDITOR"))
        .patch("/api/v1/users/" + viewer.userId()).then().statusCode(200).body("role", equalTo("EDITOR"));
  }

  @Test
  void theLastOwnerCanBeNeitherDemotedNorRemoved() {
    var owner = Api.signup();
    Api.as(owner).contentType(ContentType.JSON).body(Map.of("role", "ADMIN"))
        .patch("/api/v1/users/" + owner.userId()).then().statusCode(409).body("type", endsWith("/last-owner"));
    Api.as(owner).delete("/api/v1/users/" + owner.userId()).then().statusCode(409)
        .body("type", endsWith("/last-owner"));

    var second = Api.member(owner, "OWNER");
    Api.as(second).contentType(ContentType.JSON).body(Map.of("role", "ADMIN"))
        .patch("/api/v1/users/" + owner.userId()).then().statusCode(200).body("role", equalTo("ADMIN"));
    Api.as(second).delete("/api/v1/users/" + second.userId()).then().statusCode(409);
  }

  @Test
  void roleChangesAreAuditedAndTakeEffectOnTheNextRefresh() {
    var owner = Api.signup();
    var member = Api.member(owner, "VIEWER");
    Api.as(owner).contentType(ContentType.JSON).body(Map.of("role", "ADMIN"))
        .patch("/api/v1/users/" + member.userId()).then().statusCode(200);
    Api.as(owner).get("/api/v1/audit-events?type=ROLE_CHANGED").then().statusCode(200)
        .body("items[0].detail", equalTo("VIEWER -> ADMIN"))
        .body("items[0].actor", equalTo(owner.userId().toString()));
    String access = given().contentType("application/x-www-form-urlencoded").formParam("grant_type", "refresh_token")
        .formParam("refresh_token", member.refreshToken()).post("/oauth2/token").then().statusCode(200)
        .extract().path("access_token");
    Api.as(access).get("/api/v1/users").then().statusCode(200);
  }

  @Test
  void aRemovedUserLosesTheirSession() {
    var owner = Api.signup();
    var member = Api.member(owner, "EDITOR");
    Api.as(owner).delete("/api/v1/users/" + member.userId()).then().statusCode(204);
    given().contentType("application/x-www-form-urlencoded").formParam("grant_type", "refresh_token")
        .formParam("refresh_token", member.refreshToken()).post("/oauth2/token").then().statusCode(400)
        .body("error", equalTo("invalid_grant"));
    Api.as(owner).get("/api/v1/users/" + member.userId()).then().statusCode(404);
  }

  @Test
  void anEmailLogsInToOneAccountOnly() {
    var owner = Api.signup();
    // Within its own tenant the inviter sees its users anyway: a duplicate is a plain 409.
    Api.as(owner).contentType(ContentType.JSON).body(Map.of("email", owner.email(), "role", "VIEWER"))
        .post("/api/v1/users").then().statusCode(409).contentType("application/problem+json");
    // Signup still answers 409 for a taken email (it hands out working tokens at once, see docs/security.md), and
    // the holder is told through their tenant's audit log.
    given().contentType(ContentType.JSON).header("X-Forwarded-For", Api.freshAddress())
        .body(Map.of("tenantName", "Again", "email", owner.email(), "password", Api.PASSWORD))
        .post("/api/v1/auth/signup").then().statusCode(409).body("type", endsWith("/email-taken"));
    Api.as(owner).get("/api/v1/audit-events?type=EXISTING_EMAIL_SIGNUP").then().body("items.size()", equalTo(1));
  }

  @Test
  void invitingAnEmailThatHasAnAccountElsewhereAnswersLikeAnyInvitation() {
    var holder = Api.signup();
    var inviter = Api.signup();
    var fresh = Api.as(inviter).contentType(ContentType.JSON).body(Map.of("email", Api.uniqueEmail("n"), "role",
        "EDITOR")).post("/api/v1/users").then().statusCode(201).extract();
    var taken = Api.as(inviter).contentType(ContentType.JSON).body(Map.of("email", holder.email(), "role", "EDITOR"))
        .post("/api/v1/users").then().statusCode(201)
        .header("Location", org.hamcrest.Matchers.containsString("/api/v1/users/"))
        .body("status", equalTo("INVITED")).body("invitationToken", notNullValue()).extract();
    org.assertj.core.api.Assertions.assertThat(taken.jsonPath().getMap("$").keySet())
        .isEqualTo(fresh.jsonPath().getMap("$").keySet());
    Api.as(inviter).get("/api/v1/users/" + taken.path("id")).then().statusCode(200)
        .body("status", equalTo("INVITED"));
    // The holder is told (no mail service: their tenant's audit log); the invitation cannot take their email.
    Api.as(holder).get("/api/v1/audit-events?type=EXISTING_ACCOUNT_INVITED").then().body("items.size()", equalTo(1));
    given().contentType(ContentType.JSON).body(Map.of("token", taken.path("invitationToken"), "password",
        "Another-Password-99")).post("/api/v1/auth/accept-invitation").then().statusCode(400)
        .body("type", endsWith("/invalid-invitation"));
    Api.login(holder.email(), Api.PASSWORD);
    Api.as(holder).get("/api/v1/me").then().body("tenantId", equalTo(holder.tenantId().toString()));
  }

  @Test
  void aPendingInvitationElsewhereDoesNotBlockTheEmailsOwnSignup() {
    var inviter = Api.signup();
    String email = Api.uniqueEmail("invited");
    Api.as(inviter).contentType(ContentType.JSON).body(Map.of("email", email, "role", "VIEWER"))
        .post("/api/v1/users").then().statusCode(201);
    given().contentType(ContentType.JSON).header("X-Forwarded-For", Api.freshAddress())
        .body(Map.of("tenantName", "Mine", "email", email, "password", Api.PASSWORD))
        .post("/api/v1/auth/signup").then().statusCode(201);
  }

  @Test
  void concurrentSignupsWithOneEmailCreateOneTenant() throws Exception {
    String email = Api.uniqueEmail("race");
    var body = Map.of("tenantName", "Race", "email", email, "password", Api.PASSWORD);
    // One client of its own: signups other tests sent from this machine's address must not throttle this one.
    String client = Api.freshAddress();
    var start = new java.util.concurrent.CountDownLatch(1);
    try (var pool = java.util.concurrent.Executors.newFixedThreadPool(3)) {
      var answers = new java.util.ArrayList<java.util.concurrent.Future<Integer>>();
      for (int i = 0; i < 3; i++) {
        answers.add(pool.submit(() -> {
          start.await();
          return given().contentType(ContentType.JSON).header("X-Forwarded-For", client).body(body)
              .post("/api/v1/auth/signup").statusCode();
        }));
      }
      start.countDown();
      var statuses = new java.util.ArrayList<Integer>();
      for (var answer : answers) {
        statuses.add(answer.get(60, java.util.concurrent.TimeUnit.SECONDS));
      }
      org.assertj.core.api.Assertions.assertThat(statuses).containsOnlyOnce(201).containsOnly(201, 409);
    }
  }
}
