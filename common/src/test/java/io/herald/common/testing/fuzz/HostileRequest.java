package io.herald.common.testing.fuzz;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * One hostile request: body bytes, content type and headers. {@link #of} mixes a well-formed body of the endpoint's
 * fields with any JSON, deep nesting, random bytes, invalid UTF-8 inside a string, an empty body and bodies around
 * the service's size limit; odd content types; and hostile values of the headers every Herald service reads
 * ({@code Accept}, {@code X-Forwarded-For}, {@code traceparent}, {@code tracestate}, {@code Idempotency-Key},
 * {@code If-Match}, {@code Authorization}), each absent most of the time so the body is what is being tested.
 */
public record HostileRequest(byte[] body, String contentType, Map<String, String> headers) {
  /** Not sent as such: a hostile Authorization header that {@link #send} uses now and then instead of the token. */
  private static final String AUTHORIZATION = "X-Fuzz-Authorization";

  @Override
  public String toString() {
    return "body=" + Fuzz.abbreviate(new String(body, StandardCharsets.UTF_8)) + " type=" + contentType + " headers="
        + headers;
  }

  /**
   * Requests to an endpoint: {@code wellFormed} bodies most of the time (its fields, each valid or hostile), the
   * rest hostile; {@code contentType} is what the endpoint consumes; {@code bodyLimit} the service's
   * {@code max-body-size} in bytes (bodies just under and over it are drawn).
   */
  public static Arbitrary<HostileRequest> of(Arbitrary<byte[]> wellFormed, String contentType, int bodyLimit) {
    Arbitrary<byte[]> body = Arbitraries.frequencyOf(
        Tuple.of(20, wellFormed),
        Tuple.of(4, HostileJson.value(4).map(s -> s.getBytes(StandardCharsets.UTF_8))),
        Tuple.of(2, Arbitraries.integers().between(10, 20_000).map(n -> ("[".repeat(n) + "]".repeat(n))
            .getBytes(StandardCharsets.UTF_8))),
        Tuple.of(2, Arbitraries.integers().between(10, 5_000).map(n -> ("{\"a\":".repeat(n) + "1" + "}".repeat(n))
            .getBytes(StandardCharsets.UTF_8))),
        Tuple.of(2, Arbitraries.bytes().array(byte[].class).ofMaxSize(300)),
        Tuple.of(2, wellFormed.map(HostileRequest::withInvalidUtf8)),
        Tuple.of(1, Arbitraries.just(new byte[0])),
        Tuple.of(1, Arbitraries.integers().between(bodyLimit - 4_000, bodyLimit + 4_000)
            .map(n -> ("{\"x\":\"" + "y".repeat(n) + "\"}").getBytes(StandardCharsets.UTF_8))));
    Arbitrary<String> type = Arbitraries.frequency(
        Tuple.of(40, contentType), Tuple.of(1, "text/plain"), Tuple.of(1, "application/json; charset=ISO-8859-1"),
        Tuple.of(1, "application/json; charset=UTF-16"), Tuple.of(1, "application/x-www-form-urlencoded"),
        Tuple.of(1, "application/xml"), Tuple.of(1, "application/merge-patch+json"), Tuple.of(1, "*/*"),
        Tuple.of(1, "multipart/form-data; boundary=\"\u0000\""));
    return Combinators.combine(body, type, hostileHeaders()).as(HostileRequest::new);
  }

  /**
   * Requests without a body (for reads, whose hostile input is in the path and query): odd content types and hostile
   * headers only. A body with a request line over Vert.x's limit (a huge query) would meet a closed connection.
   */
  public static Arbitrary<HostileRequest> bodiless() {
    return Combinators.combine(Arbitraries.of("", "application/json", "text/plain", "*/*", "garbage/;;;"),
        hostileHeaders()).as((type, headers) -> new HostileRequest(new byte[0], type, headers));
  }

  /** Hostile values of the headers Herald services read; an empty value is a header not sent. */
  public static Arbitrary<Map<String, String>> hostileHeaders() {
    return Combinators.combine(
        sometimes("*/*", "application/json", "application/problem+json", "text/html", "application/xml",
            "garbage/;;;", "*/*;q=x", "application/json;q=0"),
        sometimes("10.1.2.3", "unknown", "999.1.1.1, ::1", "[::1]:80, 10.0.0.1", "a".repeat(4000),
            "1.1.1.1,".repeat(300)),
        sometimes("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
            "00-00000000000000000000000000000000-0000000000000000-00", "ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169"
                + "203331-01", "00-zzzz-yyyy-01", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-extra",
            "garbage", "-".repeat(55), "0".repeat(3000)),
        sometimes("a=b", "=,=,=".repeat(500), "k=" + "v".repeat(3000), ",,,,"),
        sometimes("k", " ", "x".repeat(255), "x".repeat(256), "x".repeat(5000), "clé-\u00e9", "key with spaces",
            "../../x", "%00", "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"),
        sometimes("*", "\"1\"", "W/\"1\"", "\"2\", \"1\"", "\"999999999999\"", "\"-1\"", "garbage", ",,,,", "\"",
            "W/", "W/\"\"", "\"" + "9".repeat(3000) + "\""),
        sometimes("Bearer x.y.z", "Bearer " + "a".repeat(3000), "Basic !!!", "Basic Og==", "Bearer", "Bearer  ",
            "bearer " + "e30.e30.e30"))
        .as((accept, forwarded, traceparent, tracestate, idempotencyKey, ifMatch, authorization) -> {
          var map = new LinkedHashMap<String, String>();
          map.put("Accept", accept);
          map.put("X-Forwarded-For", forwarded);
          map.put("traceparent", traceparent);
          map.put("tracestate", tracestate);
          map.put("Idempotency-Key", idempotencyKey);
          map.put("If-Match", ifMatch);
          map.put(AUTHORIZATION, authorization);
          return map;
        });
  }

  private static Arbitrary<String> sometimes(String... values) {
    return Arbitraries.frequencyOf(Tuple.of(12, Arbitraries.just("")), Tuple.of(1, Arbitraries.of(values)));
  }

  /** The body with bytes that are no UTF-8 (a lone continuation byte, an overlong NUL, a cut sequence) in a string. */
  private static byte[] withInvalidUtf8(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    int at = text.indexOf(":\"");
    byte[] invalid = {(byte) 0x80, (byte) 0xC0, (byte) 0x80, (byte) 0xE2, (byte) 0x82, (byte) 0xFF};
    if (at < 0) {
      return invalid;
    }
    byte[] head = text.substring(0, at + 2).getBytes(StandardCharsets.UTF_8);
    byte[] tail = text.substring(at + 2).getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[head.length + invalid.length + tail.length];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(invalid, 0, out, head.length, invalid.length);
    System.arraycopy(tail, 0, out, head.length + invalid.length, tail.length);
    return out;
  }

  /**
   * Sends the request: the body's bytes as they are, with its content type and headers; as {@code Bearer token}
   * mostly, now and then with the hostile Authorization header drawn instead ({@code token} null: none at all).
   */
  public Response send(String method, String path, String token) {
    return spec(token).request(method, path);
  }

  /** {@link #send}'s request before it is sent, for a caller that adds to it (a form body, say). */
  public RequestSpecification spec(String token) {
    var spec = given().config(RestAssuredConfig.config().encoderConfig(EncoderConfig.encoderConfig()
            .encodeContentTypeAs("application/json", ContentType.BINARY)
            .encodeContentTypeAs("application/merge-patch+json", ContentType.BINARY)
            .encodeContentTypeAs("text/plain", ContentType.BINARY)
            .encodeContentTypeAs("application/xml", ContentType.BINARY)
            .encodeContentTypeAs("application/x-www-form-urlencoded", ContentType.BINARY)
            .encodeContentTypeAs("multipart/form-data", ContentType.BINARY)
            .encodeContentTypeAs("*/*", ContentType.BINARY)
            .appendDefaultContentCharsetToContentTypeIfUndefined(false)));
    if (!contentType.isEmpty()) {
      spec.contentType(contentType);
    }
    if (body.length > 0) {
      spec.body(body);
    }
    headers.forEach((name, value) -> {
      if (!value.isEmpty() && !name.equals(AUTHORIZATION)) {
        spec.header(name, value);
      }
    });
    String hostile = headers.get(AUTHORIZATION);
    // Mostly the real token, so the body is what is being tested; sometimes a hostile Authorization header.
    if (!hostile.isEmpty() && body.length % 3 == 0) {
      spec.header("Authorization", hostile);
    } else if (token != null) {
      spec.header("Authorization", "Bearer " + token);
    }
    return spec;
  }

  /**
   * Sends the request with {@code send}; empty when the HTTP server closed the connection while a request over its
   * size limits was still being written: a request line over 4 KiB ({@code path} with its {@code query}, URL-encoded
   * at worst three bytes a character) or a header section over 8 KiB, which Vert.x refuses (414, 431) before any
   * Herald code runs, and whose answer the client may then never read. Any other failure to send is a failure.
   */
  public Optional<Response> unlessRefusedForSize(String path, Map<String, String> query, Supplier<Response> send) {
    try {
      return Optional.of(send.get());
    } catch (Exception e) {
      long line = 3L * (path.length() + query.entrySet().stream()
          .mapToLong(p -> p.getKey().length() + (p.getValue() == null ? 0 : p.getValue().length()) + 2).sum());
      long header = headers.entrySet().stream().mapToLong(h -> h.getKey().length() + h.getValue().length() + 4).sum();
      if (e instanceof SocketException && (line > 4096 || header > 8192)) {
        return Optional.empty();
      }
      if (e instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e);
    }
  }

  /**
   * What every answer to a hostile request must be: below 500, and a 4xx is RFC 9457 problem+json whose
   * {@code status} is the HTTP status (414 and 431, a request line or header section too large for Vert.x, are
   * answered by the HTTP server before any Herald code runs). {@code what} describes the request for the failure
   * message.
   */
  public static void assertNoServerErrorAndProblems(Response response, String what) {
    int status = response.statusCode();
    String described = what + " -> " + status + " " + response.contentType() + " "
        + Fuzz.abbreviate(response.asString());
    assertThat(status).as(described).isLessThan(500);
    if (status >= 400 && status != 414 && status != 431) {
      assertThat(response.contentType()).as(described).startsWith("application/problem+json");
      assertThat(response.jsonPath().getInt("status")).as(described).isEqualTo(status);
    }
  }
}
