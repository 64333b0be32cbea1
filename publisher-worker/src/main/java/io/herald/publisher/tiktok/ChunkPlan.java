package io.herald.publisher.tiktok;

import java.util.OptionalInt;

/**
 * How a FILE_UPLOAD is cut ({@code docs/platforms.md} §2.2 "Content Posting"): chunks of 5 to 64 MB,
 * {@code total_chunk_count = floor(size / chunk_size)}, the last chunk takes the remainder; files under 5 MB go whole
 * in one chunk.
 */
public record ChunkPlan(long videoSize, long chunkSize, int chunkCount) {
  public static final long MIN_CHUNK = 5L * 1024 * 1024;
  public static final long MAX_CHUNK = 64L * 1024 * 1024;

  public static ChunkPlan of(long videoSize, long preferredChunkSize) {
    if (videoSize <= 0) {
      throw new IllegalArgumentException("An upload needs at least one byte");
    }
    if (videoSize < MIN_CHUNK) {
      return new ChunkPlan(videoSize, videoSize, 1);
    }
    long chunk = Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, preferredChunkSize));
    chunk = Math.min(chunk, videoSize);
    int count = (int) (videoSize / chunk);
    if (count > 1000) {
      throw new IllegalArgumentException("More than 1000 chunks; use a larger chunk size");
    }
    return new ChunkPlan(videoSize, chunk, count);
  }

  /** First byte of chunk {@code index} (0-based). */
  public long first(int index) {
    return index * chunkSize;
  }

  /** Last byte (inclusive) of chunk {@code index}; the last chunk runs to the end of the file. */
  public long last(int index) {
    return index == chunkCount - 1 ? videoSize - 1 : (index + 1) * chunkSize - 1;
  }

  /** The chunk that starts at byte {@code offset}, if one does (where an interrupted upload resumes). */
  public OptionalInt chunkStartingAt(long offset) {
    if (offset < 0 || offset % chunkSize != 0 || offset / chunkSize >= chunkCount) {
      return OptionalInt.empty();
    }
    return OptionalInt.of((int) (offset / chunkSize));
  }
}
