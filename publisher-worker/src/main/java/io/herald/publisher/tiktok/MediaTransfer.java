package io.herald.publisher.tiktok;

import io.herald.publisher.config.PublisherConfig;
import io.herald.publisher.publish.ErrorClass;
import io.herald.publisher.publish.PlatformError;
import io.herald.publisher.publish.PlatformFailure;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Moves media for TikTok's FILE_UPLOAD: streams the media URL to a temporary file (within a total deadline and a byte
 * cap), then PUTs it to the {@code upload_url} (used verbatim) in sequential chunks within an upload deadline
 * ({@code docs/platforms.md} §2.2 "Content Posting"). What a failed upload means is kept apart: TikTok answered and
 * does not hold every byte (the publish can never complete: a new init is safe), or the answer to the last chunk was
 * lost (TikTok may hold everything: only its status can tell).
 */
@ApplicationScoped
public class MediaTransfer {
  private static final int CHUNK_TRIES = 3;
  private static final int BUFFER = 64 * 1024;

  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(10))
      .followRedirects(HttpClient.Redirect.NORMAL)
      .build();
  private final PublisherConfig.Media limits;

  MediaTransfer(PublisherConfig config) {
    this.limits = config.media();
  }

  /** Downloads the media into a temporary file (the caller deletes it). */
  public Path download(String url) {
    Path file = null;
    try {
      file = Files.createTempFile("herald-upload", ".media");
      HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(url))
          .timeout(limits.downloadDeadline()).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body()) {
        if (response.statusCode() != 200) {
          throw new PlatformFailure(PlatformError.of(response.statusCode() >= 500 ? ErrorClass.TRANSIENT
              : ErrorClass.PERMANENT, "media_unavailable", "The media URL answered HTTP " + response.statusCode()));
        }
        long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (declared > limits.maxBytes()) {
          throw tooLarge();
        }
        long bytes = copyWithinDeadline(body, file, Instant.now().plus(limits.downloadDeadline()));
        if (bytes == 0) {
          throw new PlatformFailure(PlatformError.of(ErrorClass.PERMANENT, "media_empty",
              "The media URL answered with an empty file"));
        }
      }
      return file;
    } catch (IOException e) {
      deleteQuietly(file);
      throw new PlatformFailure(PlatformError.of(ErrorClass.TRANSIENT, "media_unavailable",
          "The media could not be downloaded: " + e.getMessage()), e);
    } catch (InterruptedException e) {
      deleteQuietly(file);
      Thread.currentThread().interrupt();
      throw new PlatformFailure(PlatformError.of(ErrorClass.TRANSIENT, "interrupted", "Download interrupted"), e);
    } catch (PlatformFailure e) {
      deleteQuietly(file);
      throw e;
    }
  }

  /**
   * PUTs every chunk in order; ends with TikTok's 201. A 416 (the chunk does not match what TikTok holds) resumes at
   * the chunk after the bytes TikTok reports in {@code Content-Range}, or ends the upload when TikTok holds them all.
   *
   * @throws PlatformFailure TRANSIENT when TikTok answered and does not hold every byte; UNKNOWN_OUTCOME when the
   *                         last chunk's answer was lost
   */
  public void upload(String uploadUrl, Path file, ChunkPlan plan, String contentType) {
    Instant deadline = Instant.now().plus(limits.uploadDeadline());
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      int i = 0;
      int resumes = 0;
      while (i < plan.chunkCount()) {
        if (Instant.now().isAfter(deadline)) {
          throw incomplete("tiktok:upload_deadline", "The upload did not finish within "
              + limits.uploadDeadline().toMinutes() + " min");
        }
        long first = plan.first(i);
        long last = plan.last(i);
        byte[] bytes = new byte[(int) (last - first + 1)];
        in.seek(first);
        in.readFully(bytes);
        boolean lastChunk = i == plan.chunkCount() - 1;
        HttpResponse<Void> response = putChunk(uploadUrl, bytes, first, last, plan.videoSize(), contentType, lastChunk);
        int status = response.statusCode();
        if (status == 416 && resumes++ < plan.chunkCount()) {
          long through = receivedThrough(response);
          if (through == plan.videoSize() - 1) {
            return;
          }
          OptionalInt resumeAt = plan.chunkStartingAt(through + 1);
          if (resumeAt.isPresent()) {
            i = resumeAt.getAsInt();
            continue;
          }
        }
        if (lastChunk ? status != 201 : status != 206) {
          throw incomplete("tiktok:upload_http_" + status,
              "TikTok answered HTTP " + status + " to chunk " + (i + 1) + " of " + plan.chunkCount());
        }
        i++;
      }
    } catch (IOException e) {
      throw incomplete("tiktok:upload_failed", "The upload failed: " + e.getMessage());
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

  /**
   * One chunk, sent again on 5xx or a lost answer (a repeat of a chunk TikTok already holds answers 416 with its
   * progress, so repeating is safe). The last chunk's answer lost on every try leaves the upload unconfirmed.
   */
  private HttpResponse<Void> putChunk(String uploadUrl, byte[] bytes, long first, long last, long total,
      String contentType, boolean lastChunk) throws IOException {
    IOException lost = null;
    for (int tryNo = 1; tryNo <= CHUNK_TRIES; tryNo++) {
      try {
        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(uploadUrl))
            .timeout(limits.chunkTimeout())
            .header("Content-Type", contentType)
            .header("Content-Range", "bytes " + first + "-" + last + "/" + total)
            .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes))
            .build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() >= 500 && tryNo < CHUNK_TRIES) {
          continue;
        }
        return response;
      } catch (IOException e) {
        lost = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("Upload interrupted", e);
      }
    }
    if (lastChunk) {
      throw new PlatformFailure(PlatformError.of(ErrorClass.UNKNOWN_OUTCOME, "tiktok:upload_unconfirmed",
          "The answer to the last chunk was lost; TikTok's status tells whether it holds the whole video"), lost);
    }
    throw lost;
  }

  /**
   * Copies the body to the file, refusing more than the byte cap, and closing the stream when the deadline passes
   * (a server that stalls or trickles cannot hold the job longer than that).
   */
  private long copyWithinDeadline(InputStream body, Path file, Instant deadline) throws IOException {
    long millis = Math.max(1, Duration.between(Instant.now(), deadline).toMillis());
    var expired = new CompletableFuture<Void>();
    CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS).execute(() -> {
      if (expired.complete(null)) {
        closeQuietly(body);
      }
    });
    long total = 0;
    try (OutputStream out = Files.newOutputStream(file)) {
      byte[] buffer = new byte[BUFFER];
      for (int n; (n = body.read(buffer)) != -1; ) {
        total += n;
        if (total > limits.maxBytes()) {
          throw tooLarge();
        }
        out.write(buffer, 0, n);
      }
    } catch (IOException e) {
      if (expired.isDone()) {
        throw new PlatformFailure(PlatformError.of(ErrorClass.TRANSIENT, "media_timeout",
            "The media download did not finish within " + limits.downloadDeadline().toSeconds() + " s"), e);
      }
      throw e;
    } finally {
      expired.complete(null);
    }
    if (Instant.now().isAfter(deadline)) {
      throw new PlatformFailure(PlatformError.of(ErrorClass.TRANSIENT, "media_timeout",
          "The media download did not finish within " + limits.downloadDeadline().toSeconds() + " s"));
    }
    return total;
  }

  private PlatformFailure tooLarge() {
    return new PlatformFailure(PlatformError.of(ErrorClass.PERMANENT, "media_too_large",
        "The media is larger than " + limits.maxBytes() + " bytes"));
  }

  private static PlatformFailure incomplete(String code, String message) {
    return new PlatformFailure(PlatformError.of(ErrorClass.TRANSIENT, code, message));
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      // the download is being abandoned anyway
    }
  }

  /** Deletes a downloaded file (a failure leaves a temporary file the OS cleans up). */
  static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // a temporary file the OS cleans up
      }
    }
  }
}
