package io.herald.common.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The operations a service under test documents in its {@code /q/openapi}, as {@code "METHOD /path"}: what a suite
 * that walks every endpoint (isolation, fuzz) checks its own table against, so a new endpoint cannot escape it.
 */
public final class OpenApiOperations {
  private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");

  private OpenApiOperations() {}

  /** Every documented operation of the service RestAssured points at. */
  public static SortedSet<String> documented() {
    var documented = new TreeSet<String>();
    Map<String, Map<String, Object>> paths = given().accept(ContentType.JSON).get("/q/openapi?format=json").then()
        .statusCode(200).extract().jsonPath().getMap("paths");
    paths.forEach((path, operations) -> operations.keySet().stream()
        .filter(METHODS::contains)
        .forEach(method -> documented.add(method.toUpperCase() + " " + path)));
    return documented;
  }
}
