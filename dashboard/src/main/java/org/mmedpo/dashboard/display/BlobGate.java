package org.mmedpo.dashboard.display;

import java.net.URI;
import java.nio.file.Path;

/**
 * Decides which blob URIs the dashboard may read: only those inside the configured blob store and
 * named by the SHA-256 the event gives. Events come from the cluster, which the dashboard does not
 * trust to name files: without this gate an event could make the page serve any file the process
 * can read.
 */
public final class BlobGate {

  private final URI store;

  /** A gate for the store at {@code storeUri} (as {@code AppConfig.blobStoreUri()} gives it). */
  public BlobGate(String storeUri) {
    this.store = URI.create(storeUri).normalize();
    if (store.getScheme() == null) {
      throw new IllegalArgumentException("blob store URI needs a scheme: " + storeUri);
    }
  }

  /**
   * True when {@code uri} lies inside the store and its last path segment is {@code sha256} (the
   * store is content-addressed, so the name is the hash).
   */
  public boolean allows(String uri, String sha256) {
    if (uri == null || sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
      return false;
    }
    URI candidate;
    try {
      candidate = URI.create(uri);
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (!store.getScheme().equalsIgnoreCase(String.valueOf(candidate.getScheme()))
        || candidate.getRawQuery() != null || candidate.getRawFragment() != null) {
      return false;
    }
    String rawPath = candidate.getRawPath();
    if (rawPath == null || rawPath.contains("%") || rawPath.contains("/../") || rawPath.endsWith("/..")) {
      return false;
    }
    if ("file".equalsIgnoreCase(store.getScheme())) {
      try {
        Path root = Path.of(store).toAbsolutePath().normalize();
        Path path = Path.of(candidate).toAbsolutePath().normalize();
        return path.startsWith(root) && path.getFileName().toString().equals(sha256);
      } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
        return false;
      }
    }
    String prefix = store.toString().endsWith("/") ? store.toString() : store + "/";
    return candidate.normalize().toString().startsWith(prefix) && rawPath.endsWith("/" + sha256);
  }
}
