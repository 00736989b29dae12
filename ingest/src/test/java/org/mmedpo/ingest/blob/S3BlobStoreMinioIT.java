package org.mmedpo.ingest.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The S3 store against MinIO, which verifies SigV4 signatures; runs only where Docker does. */
@Testcontainers(disabledWithoutDocker = true)
class S3BlobStoreMinioIT {

  @Container
  static final GenericContainer<?> MINIO = new GenericContainer<>("minio/minio:RELEASE.2024-10-13T13-34-11Z")
      .withEnv("MINIO_ROOT_USER", "mmedpo").withEnv("MINIO_ROOT_PASSWORD", "mmedpo-secret")
      .withCommand("server", "/data").withExposedPorts(9000);

  @Test
  void shouldStoreAndReadWithVerifiedSignatures() throws Exception {
    URI endpoint = URI.create("http://" + MINIO.getHost() + ":" + MINIO.getMappedPort(9000));
    S3BlobStore store = new S3BlobStore("s3://mmedpo/blobs", endpoint, "us-east-1", "mmedpo", "mmedpo-secret", true);
    createBucket(endpoint);
    var blob = store.put(new byte[] {4, 5, 6}, "image/png");
    assertThat(store.get(blob.uri())).containsExactly(4, 5, 6);
    S3BlobStore wrong = new S3BlobStore("s3://mmedpo/blobs", endpoint, "us-east-1", "mmedpo", "wrong-secret", true);
    assertThatThrownBy(() -> wrong.put(new byte[] {7}, "image/png")).hasMessageContaining("403");
  }

  private static void createBucket(URI endpoint) throws Exception {
    // PUT /mmedpo, signed like any request of the store.
    SigV4 signer = new SigV4("mmedpo", "mmedpo-secret", "us-east-1");
    var now = java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC);
    String empty = org.mmedpo.common.blob.Sha256.hex(new byte[0]);
    String host = endpoint.getHost() + ":" + endpoint.getPort();
    String auth = signer.authorization("PUT", "/mmedpo", "", java.util.Map.of("host", host,
        "x-amz-content-sha256", empty, "x-amz-date", now.format(SigV4.AMZ_DATE)), empty, now);
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(endpoint.resolve("/mmedpo"))
        .header("Authorization", auth).header("x-amz-content-sha256", empty)
        .header("x-amz-date", now.format(SigV4.AMZ_DATE)).PUT(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
  }
}
