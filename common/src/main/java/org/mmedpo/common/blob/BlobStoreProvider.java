package org.mmedpo.common.blob;

import org.mmedpo.common.config.AppConfig;

/**
 * A kind of blob store that a module adds through {@link java.util.ServiceLoader} (listed in
 * {@code META-INF/services/org.mmedpo.common.blob.BlobStoreProvider}), so every application opens
 * it by URI scheme without depending on the module that implements it.
 */
public interface BlobStoreProvider {

  /** The URI scheme this provider opens, e.g. {@code s3}. */
  String scheme();

  /** Opens the store at {@code uri} with the {@code blob.*} settings of {@code config}. */
  BlobStore open(String uri, AppConfig config);
}
