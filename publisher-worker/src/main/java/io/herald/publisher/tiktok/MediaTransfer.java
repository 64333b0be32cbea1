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
import java.util.OptionalInt;

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

  /**
   * PUTs every chunk in order; ends with TikTok's 201. A 416 (the chunk does not match what TikTok holds) resumes at
   * the chunk after the bytes TikTok reports in {@code Content-Range}. Any other end is a failure that created nothing.
   */
  public void upload(String uploadUrl, Path file, ChunkPlan plan, String contentType) {
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      int i = 0;
      int resumes = 0;
      while (i < plan.chunkCount()) {
        long first = plan.first(i);
        long last = plan.last(i);
        byte[] bytes = new byte[(int) (last - first + 1)];
        in.seek(first);
        in.readFully(bytes);
        HttpResponse<Void> response = putChunk(uploadUrl, bytes, first, last, plan.videoSize(), contentType);
        int status = response.statusCode();
        if (status == 416 && resumes++ < plan.chunkCount()) {
          OptionalInt resumeAt = plan.chunkStartingAt(receivedThrough(response) + 1);
          if (resumeAt.isPresent()) {
            i = resumeAt.getAsInt();
            continue;
          }
        }
        boolean lastChunk = i == plan.chunkCount() - 1;
        if (lastChunk ? status != 201 : status != 206) {
          throw new PlatformFailure(PlatformError.of(ErrorClass.TRANSIENT, "tiktok:upload_http_" + status,
              "TikTok answered HTTP " + status + " to chunk " + (i + 1) + " of " + plan.chunkCount()));
        }
        i++;
      }
    } catch (IOException e) {
      throw new PlatformFailure(PlatformError.of(ErrorClass.TRANSIENT, "tiktok:upload_failed",
          "The upload failed: " + e.getMessage()), e);
    }
  }

  /** The last byte TikTok holds, from {@code Content-Range: bytes 0-{last}/{total}}; -1 when it reports none. */
  static long receivedThrough(HttpResponse<?> response) {
    return response.headers().firstValue("Content-Range")
        .map(range -> range.replaceFirst("^bytes \\d+-(\\d+)/\\d+$", "$1"))
        .filter(last -> last.chars().allMatch(Character::isDigit))
        .map(Long::parseLong)
        .orElse(-1L);
  }

  private HttpResponse<Void> putChunk(
      String uploadUrl, byte[] bytes, long first, long last, long total, String contentType) throws IOException {
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
        return response;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("Upload interrupted", e);
      }
    }
  }
}
