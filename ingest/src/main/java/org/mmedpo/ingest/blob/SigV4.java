package org.mmedpo.ingest.blob;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.mmedpo.common.blob.Sha256;

/**
 * AWS Signature Version 4 for S3 requests with the payload hash in {@code x-amz-content-sha256}
 * (the AWS documentation's "Signature Calculations for the Authorization Header").
 */
final class SigV4 {

  static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
  private static final HexFormat HEX = HexFormat.of();

  private final String accessKey;
  private final String secretKey;
  private final String region;

  SigV4(String accessKey, String secretKey, String region) {
    this.accessKey = accessKey;
    this.secretKey = secretKey;
    this.region = region;
  }

  /**
   * The Authorization header value.
   *
   * @param method HTTP method
   * @param canonicalPath the URI path, already URI-encoded as sent
   * @param query the canonical query string (sorted, encoded), or empty
   * @param headers every header to sign, including host, x-amz-date and x-amz-content-sha256
   * @param payloadHash hex SHA-256 of the body
   * @param time the request time (UTC), also in x-amz-date
   */
  String authorization(String method, String canonicalPath, String query, Map<String, String> headers,
      String payloadHash, ZonedDateTime time) {
    TreeMap<String, String> sorted = new TreeMap<>();
    headers.forEach((k, v) -> sorted.put(k.toLowerCase(Locale.ROOT), v.trim().replaceAll(" +", " ")));
    StringBuilder canonicalHeaders = new StringBuilder();
    sorted.forEach((k, v) -> canonicalHeaders.append(k).append(':').append(v).append('\n'));
    String signedHeaders = String.join(";", sorted.keySet());
    String canonical = method + "\n" + canonicalPath + "\n" + query + "\n" + canonicalHeaders + "\n"
        + signedHeaders + "\n" + payloadHash;
    String date = time.withZoneSameInstant(ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE).substring(0, 8);
    String scope = date + "/" + region + "/s3/aws4_request";
    String toSign = "AWS4-HMAC-SHA256\n" + time.withZoneSameInstant(ZoneOffset.UTC).format(AMZ_DATE) + "\n"
        + scope + "\n" + Sha256.hex(canonical.getBytes(StandardCharsets.UTF_8));
    byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), date);
    key = hmac(key, region);
    key = hmac(key, "s3");
    key = hmac(key, "aws4_request");
    String signature = HEX.formatHex(hmac(key, toSign));
    return "AWS4-HMAC-SHA256 Credential=" + accessKey + "/" + scope + ", SignedHeaders=" + signedHeaders
        + ", Signature=" + signature;
  }

  /** URI-encodes a path the way S3 canonicalizes it: every byte but unreserved characters and '/'. */
  static String encodePath(String path) {
    StringBuilder out = new StringBuilder();
    for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xFF);
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.' || c == '~' || c == '/') {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xFF));
      }
    }
    return out.toString();
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }
}
