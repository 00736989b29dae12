package org.mmedpo.dashboard.display;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmedpo.common.blob.LocalBlobStore;
import org.mmedpo.common.blob.StoredBlob;

class BlobGateTest {

  @TempDir Path temp;

  @Test
  void shouldAllowABlobOfTheConfiguredStore() {
    LocalBlobStore store = new LocalBlobStore(temp.resolve("blobs"));
    StoredBlob blob = store.put(new byte[] {1, 2, 3}, "application/octet-stream");
    BlobGate gate = new BlobGate(store.root().toUri().toString());
    assertThat(gate.allows(blob.uri(), blob.sha256())).isTrue();
  }

  @Test
  void shouldRefuseFilesOutsideTheStore() {
    LocalBlobStore store = new LocalBlobStore(temp.resolve("blobs"));
    StoredBlob blob = store.put(new byte[] {1}, "application/octet-stream");
    BlobGate gate = new BlobGate(store.root().toUri().toString());
    String sha = blob.sha256();
    assertThat(gate.allows("file:/etc/" + sha, sha)).isFalse();
    assertThat(gate.allows(temp.resolve("blobs-other").resolve(sha).toUri().toString(), sha)).isFalse();
    assertThat(gate.allows(store.root().toUri() + "../../etc/" + sha, sha)).isFalse();
    assertThat(gate.allows(store.root().toUri() + "%2e%2e/" + sha, sha)).isFalse();
  }

  @Test
  void shouldRefuseAUriThatIsNotNamedByItsHash() {
    LocalBlobStore store = new LocalBlobStore(temp.resolve("blobs"));
    StoredBlob blob = store.put(new byte[] {1}, "application/octet-stream");
    BlobGate gate = new BlobGate(store.root().toUri().toString());
    assertThat(gate.allows(blob.uri(), "f".repeat(64))).isFalse();
    assertThat(gate.allows(blob.uri(), "not-a-hash")).isFalse();
    assertThat(gate.allows(blob.uri() + "?x=1", blob.sha256())).isFalse();
  }

  @Test
  void shouldRefuseAnotherSchemeAndAllowOnlyItsOwnPrefixOnObjectStores() {
    String sha = "a".repeat(64);
    BlobGate gate = new BlobGate("s3://mmedpo/blobs");
    assertThat(gate.allows("s3://mmedpo/blobs/aa/aa/" + sha, sha)).isTrue();
    assertThat(gate.allows("s3://mmedpo/blobs-private/" + sha, sha)).isFalse();
    assertThat(gate.allows("s3://other/blobs/" + sha, sha)).isFalse();
    assertThat(gate.allows("file:/tmp/" + sha, sha)).isFalse();
  }
}
