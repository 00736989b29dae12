package org.mmedpo.ingest.stow;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A minimal multipart/related (RFC 2387) body reader: parts with their headers and bytes. */
final class Multipart {

  /** One part. */
  record Part(Map<String, String> headers, byte[] body) {
    String contentType() {
      return headers.getOrDefault("content-type", "application/octet-stream");
    }
  }

  private Multipart() {}

  /** The parameter {@code name} of a Content-Type header value (quoted or not), or null. */
  static String parameter(String contentType, String name) {
    for (String piece : contentType.split(";")) {
      String p = piece.trim();
      int eq = p.indexOf('=');
      if (eq > 0 && p.substring(0, eq).trim().equalsIgnoreCase(name)) {
        String value = p.substring(eq + 1).trim();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
          value = value.substring(1, value.length() - 1);
        }
        return value;
      }
    }
    return null;
  }

  /**
   * Splits {@code body} at {@code --boundary} delimiters.
   *
   * @throws IllegalArgumentException when the body has no delimiter or no closing delimiter
   */
  static List<Part> parse(byte[] body, String boundary) {
    byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
    List<Part> parts = new ArrayList<>();
    int at = indexOf(body, delimiter, 0);
    if (at < 0) {
      throw new IllegalArgumentException("no multipart boundary in the body");
    }
    while (true) {
      int after = at + delimiter.length;
      if (after + 1 < body.length && body[after] == '-' && body[after + 1] == '-') {
        return parts; // closing delimiter
      }
      int headerStart = skipLine(body, after);
      int headerEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), headerStart);
      if (headerEnd < 0) {
        throw new IllegalArgumentException("a part has no end of headers");
      }
      Map<String, String> headers = new LinkedHashMap<>();
      String headerText = new String(body, headerStart, headerEnd - headerStart, StandardCharsets.ISO_8859_1);
      for (String line : headerText.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0) {
          headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
      }
      int contentStart = headerEnd + 4;
      byte[] next = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
      int contentEnd = indexOf(body, next, contentStart);
      if (contentEnd < 0) {
        throw new IllegalArgumentException("the body ends without a closing boundary");
      }
      byte[] content = new byte[contentEnd - contentStart];
      System.arraycopy(body, contentStart, content, 0, content.length);
      parts.add(new Part(headers, content));
      at = contentEnd + 2;
    }
  }

  private static int skipLine(byte[] body, int from) {
    for (int i = from; i + 1 < body.length; i++) {
      if (body[i] == '\r' && body[i + 1] == '\n') {
        return i + 2;
      }
    }
    return body.length;
  }

  static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = Math.max(0, from); i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
