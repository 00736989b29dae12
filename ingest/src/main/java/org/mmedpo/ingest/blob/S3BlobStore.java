package org.mmedpo.ingest.blob;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mmedpo.common.blob.BlobCorruptException;
import org.mmedpo.common.blob.BlobNotFoundException;
import org.mmedpo.common.blob.BlobStore;
import org.mmedpo.common.blob.Sha256;
import org.mmedpo.common.blob.StoredBlob;

/**
 * A content-addressed blob store in an S3-compatible bucket: {@code s3://bucket/prefix} stores
 * SHA-256 {@code abcd...} at key {@code prefix/ab/cd/abcd...} (the local store's layout). Writes
 * check with HEAD first, so storing the same bytes twice uploads once; reads verify the SHA-256.
 * Requests are signed with SigV4 and carry the payload hash, which the server checks too.
 * Thread-safe.
 */
public final class S3BlobStore implements BlobStore {

  private final String bucket;
  private final String prefix;
  private final URI endpoint;
  private final boolean pathStyle;
  private final SigV4 signer;
  private final HttpClient http;
  private final Duration timeout = Duration.ofSeconds(60);

  /**
   * @param uri {@code s3://bucket[/prefix]}
   * @param endpoint e.g. {@code http://127.0.0.1:9000}
   * @param pathStyle address buckets as {@code endpoint/bucket/key}
   */
  public S3BlobStore(String uri, URI endpoint, String region, String accessKey, String secretKey,
      boolean pathStyle) {
    URI parsed = URI.create(uri);
    if (!"s3".equals(parsed.getScheme()) || parsed.getHost() == null) {
      throw new IllegalArgumentException("expected s3://bucket[/prefix], got '" + uri + "'");
    }
    if (accessKey.isEmpty() || secretKey.isEmpty()) {
      throw new IllegalArgumentException("S3 credentials are missing: set blob.s3.access.key and "
          + "blob.s3.secret.key (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)");
    }
    this.bucket = parsed.getHost();
    String p = parsed.getPath() == null ? "" : parsed.getPath().replaceAll("^/+|/+$", "");
    this.prefix = p.isEmpty() ? "" : p + "/";
    this.endpoint = endpoint;
    this.pathStyle = pathStyle;
    this.signer = new SigV4(accessKey, secretKey, region);
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  private String keyOf(String sha) {
    return prefix + sha.substring(0, 2) + "/" + sha.substring(2, 4) + "/" + sha;
  }

  @Override
  public StoredBlob put(byte[] bytes, String mediaType) {
    String sha = Sha256.hex(bytes);
    String key = keyOf(sha);
    String uri = "s3://" + bucket + "/" + key;
    if (exists(key)) {
      return new StoredBlob(uri, sha, bytes.length, false);
    }
    HttpResponse<byte[]> response = send("PUT", key, bytes, sha, Map.of("content-type", mediaType));
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException("S3 PUT " + uri + " answered HTTP " + response.statusCode()
          + ": " + errorCode(response));
    }
    return new StoredBlob(uri, sha, bytes.length, true);
  }

  @Override
  public byte[] get(String uri) {
    URI parsed = URI.create(uri);
    if (!"s3".equals(parsed.getScheme()) || !bucket.equals(parsed.getHost())) {
      throw new IllegalArgumentException("blob " + uri + " is not in bucket " + bucket);
    }
    String key = parsed.getPath().substring(1);
    HttpResponse<byte[]> response = send("GET", key, null, Sha256.hex(new byte[0]), Map.of());
    if (response.statusCode() == 404) {
      throw new BlobNotFoundException(uri);
    }
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException("S3 GET " + uri + " answered HTTP " + response.statusCode()
          + ": " + errorCode(response));
    }
    byte[] bytes = response.body();
    String expected = key.substring(key.lastIndexOf('/') + 1);
    String actual = Sha256.hex(bytes);
    if (!actual.equals(expected)) {
      throw new BlobCorruptException(uri, actual);
    }
    return bytes;
  }

  @Override
  public boolean contains(String sha256) {
    return Sha256.isHex(sha256) && exists(keyOf(sha256));
  }

  private boolean exists(String key) {
    HttpResponse<byte[]> response = send("HEAD", key, null, Sha256.hex(new byte[0]), Map.of());
    if (response.statusCode() == 404) {
      return false;
    }
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException("S3 HEAD " + key + " answered HTTP " + response.statusCode());
    }
    return true;
  }

  private HttpResponse<byte[]> send(String method, String key, byte[] body, String payloadHash,
      Map<String, String> extra) {
    String path = pathStyle ? "/" + bucket + "/" + key : "/" + key;
    String host = pathStyle ? endpoint.getHost() : bucket + "." + endpoint.getHost();
    String hostHeader = endpoint.getPort() < 0 ? host : host + ":" + endpoint.getPort();
    String encodedPath = SigV4.encodePath(path);
    URI target = URI.create(endpoint.getScheme() + "://" + hostHeader + encodedPath);
    ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("host", hostHeader);
    headers.put("x-amz-content-sha256", payloadHash);
    headers.put("x-amz-date", now.format(SigV4.AMZ_DATE));
    headers.putAll(extra);
    String authorization = signer.authorization(method, encodedPath, "", headers, payloadHash, now);
    HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(timeout)
        .header("Authorization", authorization)
        .header("x-amz-content-sha256", payloadHash)
        .header("x-amz-date", headers.get("x-amz-date"));
    extra.forEach(request::header);
    request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofByteArray(body));
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new IllegalStateException("S3 endpoint " + endpoint + " is not reachable: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during an S3 request", e);
    }
  }

  private static String errorCode(HttpResponse<byte[]> response) {
    String body = new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
    int start = body.indexOf("<Code>");
    int end = body.indexOf("</Code>");
    return start >= 0 && end > start ? body.substring(start + 6, end) : "no error code";
  }
}
