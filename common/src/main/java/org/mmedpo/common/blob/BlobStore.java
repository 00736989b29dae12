package org.mmedpo.common.blob;

import java.net.URI;
import java.nio.file.Path;
import java.util.ServiceLoader;
import org.mmedpo.common.config.AppConfig;

/**
 * A content-addressed store: bytes are named by their SHA-256, so writing the same bytes twice
 * stores them once, and a reader can verify what it fetched. Implementations are thread-safe.
 */
public interface BlobStore extends AutoCloseable {

  /** Stores {@code bytes} (idempotent) and returns where they are. */
  StoredBlob put(byte[] bytes, String mediaType);

  /**
   * The bytes at {@code uri}, verified against the SHA-256 the URI ends with.
   *
   * @throws BlobNotFoundException when there is no such blob
   * @throws BlobCorruptException when the bytes do not hash to the name
   */
  byte[] get(String uri);

  /** True when the store holds a blob with this SHA-256. */
  boolean contains(String sha256);

  @Override
  default void close() {}

  /**
   * Opens the store a URI names: {@code file:/path} for a local folder. S3-compatible stores
   * ({@code s3://bucket/prefix}) need their settings: use {@link #open(AppConfig)}.
   */
  static BlobStore open(String uri) {
    URI parsed = URI.create(uri);
    if ("file".equals(parsed.getScheme())) {
      return new LocalBlobStore(Path.of(parsed));
    }
    throw new IllegalArgumentException("unsupported blob store URI '" + uri + "' (expected file:/path)");
  }

  /**
   * Opens the store {@code blob.store.uri} names: a local folder for {@code file:} URIs (and for
   * the empty default), otherwise the {@link BlobStoreProvider} on the classpath for the URI's
   * scheme ({@code s3} comes with the ingest module).
   */
  static BlobStore open(AppConfig config) {
    String uri = config.blobStoreUri();
    String scheme = URI.create(uri).getScheme();
    if ("file".equals(scheme)) {
      return open(uri);
    }
    for (BlobStoreProvider provider : ServiceLoader.load(BlobStoreProvider.class)) {
      if (provider.scheme().equals(scheme)) {
        return provider.open(uri, config);
      }
    }
    throw new IllegalArgumentException("no blob store for '" + scheme + ":' URIs on the classpath ("
        + uri + ")");
  }
}
