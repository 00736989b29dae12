package org.mmedpo.ingest.blob;

import java.net.URI;
import org.apache.kafka.common.config.types.Password;
import org.mmedpo.common.blob.BlobStore;
import org.mmedpo.common.blob.BlobStoreProvider;
import org.mmedpo.common.config.AppConfig;

/**
 * Opens {@code s3://} blob stores from the {@code blob.s3.*} settings; credentials fall back to
 * the AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY environment variables.
 */
public final class S3BlobStoreProvider implements BlobStoreProvider {

  @Override
  public String scheme() {
    return "s3";
  }

  @Override
  public BlobStore open(String uri, AppConfig config) {
    String region = config.getString(AppConfig.BLOB_S3_REGION);
    String endpoint = config.getString(AppConfig.BLOB_S3_ENDPOINT);
    URI base = URI.create(endpoint.isBlank() ? "https://s3." + region + ".amazonaws.com" : endpoint);
    return new S3BlobStore(uri, base, region,
        secret(config.getPassword(AppConfig.BLOB_S3_ACCESS_KEY), "AWS_ACCESS_KEY_ID"),
        secret(config.getPassword(AppConfig.BLOB_S3_SECRET_KEY), "AWS_SECRET_ACCESS_KEY"),
        config.getBoolean(AppConfig.BLOB_S3_PATH_STYLE));
  }

  private static String secret(Password configured, String environment) {
    if (configured != null && !configured.value().isEmpty()) {
      return configured.value();
    }
    String env = System.getenv(environment);
    return env == null ? "" : env;
  }
}
