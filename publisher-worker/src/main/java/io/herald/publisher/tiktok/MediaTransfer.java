package io.herald.publisher.tiktok;

import io.herald.common.delivery.OutboundAddresses;
import io.herald.publisher.config.PublisherConfig;
import io.herald.publisher.publish.ErrorClass;
import io.herald.publisher.publish.PlatformError;
import io.herald.publisher.publish.PlatformFailure;
import io.smallrye.mutiny.TimeoutException;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClientRequest;
import io.vertx.mutiny.core.http.HttpClientResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
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

  private static final int REDIRECTS = 3;

  /** Uploads go to TikTok's own {@code upload_url}. */
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(10))
      .build();
  /** Downloads come from an address a tenant chose: see {@link #download}. */
  private final io.vertx.mutiny.core.http.HttpClient downloads;
  private final Vertx vertx;
  private final OutboundAddresses addresses;
  private final PublisherConfig.Media limits;

  MediaTransfer(PublisherConfig config, Vertx vertx, OutboundAddresses addresses) {
    this.limits = config.media();
    this.vertx = vertx;
    this.addresses = addresses;
    this.downloads = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(10_000));
  }

  /**
   * Downloads the media into a temporary file (the caller deletes it). The URL is the tenant's: its address is
   * resolved and checked ({@link OutboundAddresses}) and the connection made to the checked address; a redirect is
   * followed (at most {@value #REDIRECTS}) only after its own check. What the tenant is told names the HTTP status at
   * most, never what a connection failure revealed.
   */
  public Path download(String url) {
    // content-service took only well-formed URLs: one that is not is a bad job (IllegalArgumentException), not media
    URI current = URI.create(url);
    Path file = null;
    Instant deadline = Instant.now().plus(limits.downloadDeadline());
    try {
      file = Files.createTempFile("herald-upload", ".media");
      for (int hop = 0; ; hop++) {
        HttpClientRequest request = downloads.request(new RequestOptions().setMethod(HttpMethod.GET)
                .setAbsoluteURI(current.toString()).setServer(addresses.resolve(current).server())
                .setFollowRedirects(false))
            .await().atMost(remaining(deadline));
        // Paused on the event loop as it arrives, so no body chunk is lost before this thread reads it.
        HttpClientResponse response = request.send().invoke(HttpClientResponse::pause)
            .await().atMost(remaining(deadline));
        String location = response.getHeader("Location");
        if (response.statusCode() / 100 == 3 && location != null && hop < REDIRECTS) {
          request.reset();
          current = current.resolve(location);
          continue;
        }
        if (response.statusCode() != 200) {
          request.reset();
          throw new PlatformFailure(PlatformError.of(response.statusCode() >= 500 ? ErrorClass.TRANSIENT
              : ErrorClass.PERMANENT, "media_unavailable", "The media URL answered HTTP " + response.statusCode()));
        }
        String declared = response.getHeader("Content-Length");
        if (declared != null && declared.chars().allMatch(Character::isDigit) && declared.length() < 19
            && Long.parseLong(declared) > limits.maxBytes()) {
          request.reset();
          throw tooLarge();
        }
        if (copyWithinDeadline(request, response, file, deadline) == 0) {
          throw new PlatformFailure(PlatformError.of(ErrorClass.PERMANENT, "media_empty",
              "The media URL answered with an empty file"));
        }
        return file;
      }
    } catch (OutboundAddresses.Refused e) {
      deleteQuietly(file);
      throw new PlatformFailure(PlatformError.of(ErrorClass.PERMANENT, "media_url_refused",
          "The media URL cannot be downloaded: " + e.getMessage()), e);
    } catch (TimeoutException e) {
      deleteQuietly(file);
      throw downloadTimeout(e);
    } catch (IOException | RuntimeException e) {
      deleteQuietly(file);
      if (e instanceof PlatformFailure failure) {
        throw failure;
      }
      throw new PlatformFailure(PlatformError.of(ErrorClass.TRANSIENT, "media_unavailable",
          "The media URL could not be downloaded"), e);
    }
  }

  private static Duration remaining(Instant deadline) {
    Duration left = Duration.between(Instant.now(), deadline);
    if (left.isNegative() || left.isZero()) {
      throw new TimeoutException();
    }
    return left;
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
   * Copies the body to the file on the calling (virtual) thread, refusing more than the byte cap, and resetting the
   * request when the deadline passes (a server that stalls or trickles cannot hold the job longer than that).
   */
  private long copyWithinDeadline(HttpClientRequest request, HttpClientResponse response, Path file,
      Instant deadline) throws IOException {
    long timer = vertx.setTimer(Math.max(1, Duration.between(Instant.now(), deadline).toMillis()),
        id -> request.reset());
    long total = 0;
    try (OutputStream out = Files.newOutputStream(file)) {
      for (Buffer chunk : response.toBlockingIterable()) {
        total += chunk.length();
        if (total > limits.maxBytes()) {
          request.reset();
          throw tooLarge();
        }
        out.write(chunk.getBytes());
      }
    } catch (RuntimeException e) {
      if (e instanceof PlatformFailure) {
        throw e;
      }
      if (!Instant.now().isBefore(deadline)) {
        throw downloadTimeout(e);
      }
      throw e;
    } finally {
      vertx.cancelTimer(timer);
    }
    if (Instant.now().isAfter(deadline)) {
      throw downloadTimeout(null);
    }
    return total;
  }

  private PlatformFailure downloadTimeout(Throwable cause) {
    return new PlatformFailure(PlatformError.of(ErrorClass.TRANSIENT, "media_timeout",
        "The media download did not finish within " + limits.downloadDeadline().toSeconds() + " s"), cause);
  }

  private PlatformFailure tooLarge() {
    return new PlatformFailure(PlatformError.of(ErrorClass.PERMANENT, "media_too_large",
        "The media is larger than " + limits.maxBytes() + " bytes"));
  }

  private static PlatformFailure incomplete(String code, String message) {
    return new PlatformFailure(PlatformError.of(ErrorClass.TRANSIENT, code, message));
  }

  /** Deletes a downloaded file (a failure leaves a temporary file the OS cleans up). */
  public static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // a temporary file the OS cleans up
      }
    }
  }
}
