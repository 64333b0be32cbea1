package io.herald.simulator.media;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A generated media file: the format's magic bytes, then a deterministic filler derived from the name.
 *
 * @param name        the file name
 * @param contentType the content type from the extension
 * @param magic       the leading bytes that make the file sniff as its format
 * @param defaultSize the size when no {@code bytes} is asked for
 */
record MediaFile(String name, String contentType, byte[] magic, long defaultSize) {

  static MediaFile of(String name) {
    String extension = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
    return switch (extension) {
      case "mp4", "m4v" -> new MediaFile(name, "video/mp4", ascii("\0\0\0\u0018ftypmp42"), 1_048_576);
      case "mov" -> new MediaFile(name, "video/quicktime", ascii("\0\0\0\u0014ftypqt  "), 1_048_576);
      case "webm" -> new MediaFile(name, "video/webm", new byte[] {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3}, 1_048_576);
      case "jpg", "jpeg" -> new MediaFile(name, "image/jpeg",
          new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0}, 102_400);
      case "png" -> new MediaFile(name, "image/png",
          new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, 102_400);
      case "webp" -> new MediaFile(name, "image/webp", ascii("RIFF\0\0\0\0WEBP"), 102_400);
      default -> new MediaFile(name, "application/octet-stream", new byte[0], 1024);
    };
  }

  void write(OutputStream out, long size) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    int seed = name.hashCode();
    long position = 0;
    while (position < size) {
      int length = (int) Math.min(buffer.length, size - position);
      for (int i = 0; i < length; i++) {
        long at = position + i;
        buffer[i] = at < magic.length ? magic[(int) at] : (byte) ((at * 31 + seed) ^ (at >>> 8));
      }
      out.write(buffer, 0, length);
      position += length;
    }
  }

  private static byte[] ascii(String value) {
    return value.getBytes(StandardCharsets.ISO_8859_1);
  }
}
