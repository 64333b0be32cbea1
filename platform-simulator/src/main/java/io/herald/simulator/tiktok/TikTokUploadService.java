package io.herald.simulator.tiktok;

import io.herald.simulator.core.PlainError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The FILE_UPLOAD transfer: sequential {@code PUT} chunks with {@code Content-Range}, answering 206 (more expected),
 * 201 (complete), 400 (bad headers or size), 403 (upload URL expired), 404 (no such upload) or 416 (range does not
 * continue the progress). Every answer about a known upload carries {@code Content-Range: bytes 0-{last}/{total}},
 * the bytes received so far ({@code bytes *}{@code /{total}} before the first chunk).
 */
@ApplicationScoped
public class TikTokUploadService {
  private static final Pattern RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+)");
  private static final Set<String> VIDEO_TYPES = Set.of("video/mp4", "video/quicktime", "video/webm");

  private final TikTokStore store;

  TikTokUploadService(TikTokStore store) {
    this.store = store;
  }

  public Response put(String uploadId, String uploadToken, String contentType, String contentRange, byte[] body) {
    TikTokPublish publish = store.upload(uploadId)
        .filter(p -> p.upload().uploadToken().equals(uploadToken))
        .orElseThrow(() -> new PlainError(404, "No upload task for this upload_id and upload_token"));
    var plan = publish.upload();
    synchronized (publish) {
      long received = publish.uploadedBytes();
      Map<String, String> progress = Map.of("Content-Range", progress(received, plan.videoSize()));
      if (Instant.now().isAfter(plan.expiresAt())) {
        throw new PlainError(403, "The upload_url has expired; initialize the upload again", progress);
      }
      String type = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase();
      if (!VIDEO_TYPES.contains(type)) {
        throw new PlainError(400, "Content-Type must be video/mp4, video/quicktime or video/webm", progress);
      }
      Matcher range = contentRange == null ? null : RANGE.matcher(contentRange.trim());
      if (range == null || !range.matches()) {
        throw new PlainError(400, "Content-Range must be 'bytes {first}-{last}/{total}'", progress);
      }
      long first = Long.parseLong(range.group(1));
      long last = Long.parseLong(range.group(2));
      long total = Long.parseLong(range.group(3));
      if (total != plan.videoSize() || last < first || last >= total) {
        throw new PlainError(400, "Content-Range total must be the video_size given at init (" + plan.videoSize()
            + ") and first <= last < total", progress);
      }
      if (received >= plan.videoSize() || first != received) {
        throw new PlainError(416, "Content-Range does not continue the upload; next expected byte is " + received,
            progress);
      }
      int index = (int) (first / plan.chunkSize());
      boolean lastChunk = index == plan.totalChunks() - 1;
      long expectedLength = lastChunk ? plan.videoSize() - first : plan.chunkSize();
      if (last - first + 1 != expectedLength) {
        throw new PlainError(400, "Chunk " + (index + 1) + " of " + plan.totalChunks() + " must be " + expectedLength
            + " bytes", progress);
      }
      long length = body == null ? 0 : body.length;
      if (length != expectedLength) {
        throw new PlainError(400, "The body holds " + length + " bytes but Content-Range announces " + expectedLength,
            progress);
      }
      long now = publish.accept(length);
      return Response.status(now >= plan.videoSize() ? 201 : 206)
          .header("Content-Range", progress(now, plan.videoSize()))
          .build();
    }
  }

  private static String progress(long received, long total) {
    return received == 0 ? "bytes */" + total : "bytes 0-" + (received - 1) + "/" + total;
  }
}
