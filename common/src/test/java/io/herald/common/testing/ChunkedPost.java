package io.herald.common.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A POST whose body has no declared length: the JDK client sends it chunked, without Content-Length. */
public final class ChunkedPost {
  private ChunkedPost() {
  }

  public static HttpResponse<String> send(URI uri, String contentType, String body, Map<String, String> headers)
      throws IOException, InterruptedException {
    var request = HttpRequest.newBuilder(uri).version(HttpClient.Version.HTTP_1_1).header("Content-Type", contentType)
        .POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))));
    headers.forEach(request::header);
    try (var client = HttpClient.newHttpClient()) {
      return client.send(request.build(), BodyHandlers.ofString());
    }
  }
}
