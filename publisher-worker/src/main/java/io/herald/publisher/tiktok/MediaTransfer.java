package io.herald.publisher.tiktok;

import io.herald.publisher.publish.ErrorClass;
import io.herald.publisher.publish.PlatformError;
import io.herald.publisher.publish.PlatformFailure;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * Moves media for TikTok's FILE_UPLOAD: streams the media URL to a temporary file, then PUTs it to the
 * {@code upload_url} (used verbatim) in sequential chunks, retrying a chunk only on 5xx (platform-apis.md §C).
 */
@ApplicationScoped
public class MediaTransfer {
  private static final int CHUNK_RETRIES = 2;
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(10))
      .followRedirects(HttpClient.Redirect.NORMAL)
      .build();

  /** Downloads the media into a temporary file (the caller deletes it). */
  public Path download(String url) {
    try {
      Path file = Files.createTempFile("herald-upload", ".media");
      HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(url))
          .timeout(Duration.ofMinutes(10)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body()) {
        if (response.statusCode() != 200) {
          Files.deleteIfExists(file);
          throw new PlatformFailure(PlatformError.of(response.statusCode() >= 500 ? ErrorClass.TRANSIENT
              : ErrorClass.PERMANENT, "media_unavailable", "The media URL answered HTTP " + response.statusCode()));
        }
        Files.copy(body, file, StandardCopyOption.REPLACE_EXISTING);
      }
      return file;
    } catch (IOException e) {
      throw new PlatformFailure(PlatformError.of(ErrorClass.TRANSIENT, "media_unavailable",
          "The media could not be downloaded: " + e.getMessage()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PlatformFailure(PlatformError.of(ErrorClass.TRANSIENT, "interrupted", "Download interrupted"), e);
    }
  }

  /** PUTs every chunk in order; ends with TikTok's 201. Any other end is a failure that created nothing. */
  public void upload(String uploadUrl, Path file, ChunkPlan plan, String contentType) {
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      for (int i = 0; i < plan.chunkCount(); i++) {
        long first = plan.first(i);
        long last = plan.last(i);
        byte[] bytes = new byte[(int) (last - first + 1)];
        in.seek(first);
        in.readFully(bytes);
        int status = putChunk(uploadUrl, bytes, first, last, plan.videoSize(), contentType);
        boolean lastChunk = i == plan.chunkCount() - 1;
        if (lastChunk ? status != 201 : status != 206) {
          throw new PlatformFailure(PlatformError.of(ErrorClass.TRANSIENT, "tiktok:upload_http_" + status,
              "TikTok answered HTTP " + status + " to chunk " + (i + 1) + " of " + plan.chunkCount()));
        }
      }
    } catch (IOException e) {
      throw new PlatformFailure(PlatformError.of(ErrorClass.TRANSIENT, "tiktok:upload_failed",
          "The upload failed: " + e.getMessage()), e);
    }
  }

  private int putChunk(String uploadUrl, byte[] bytes, long first, long last, long total, String contentType)
      throws IOException {
    for (int tryNo = 0; ; tryNo++) {
      try {
        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(uploadUrl))
            .timeout(Duration.ofMinutes(5))
            .header("Content-Type", contentType)
            .header("Content-Range", "bytes " + first + "-" + last + "/" + total)
            .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes))
            .build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() >= 500 && tryNo < CHUNK_RETRIES) {
          continue;
        }
        return response.statusCode();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("Upload interrupted", e);
      }
    }
  }
}
