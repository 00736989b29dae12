package org.mmedpo.common.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalBlobStoreTest {

  @TempDir Path temp;

  @Test
  void shouldStoreBytesUnderTheirHashOnce() {
    BlobStore store = BlobStore.open(temp.toUri().toString());
    byte[] bytes = "pixels".getBytes(StandardCharsets.UTF_8);

    StoredBlob first = store.put(bytes, "image/png");
    StoredBlob second = store.put(bytes, "image/png");

    // echo -n pixels | sha256sum
    assertThat(first.sha256()).isEqualTo("6ec9c2b0eb14010746c8bce8939303b382344b296206612eb8a907a37b2b2f37");
    assertThat(first.uri()).endsWith("/" + first.sha256().substring(0, 2) + "/"
        + first.sha256().substring(2, 4) + "/" + first.sha256());
    assertThat(first.created()).isTrue();
    assertThat(second.created()).isFalse();
    assertThat(second.uri()).isEqualTo(first.uri());
    assertThat(store.get(first.uri())).isEqualTo(bytes);
    assertThat(store.contains(first.sha256())).isTrue();
  }

  @Test
  void shouldDetectACorruptBlob() throws IOException {
    BlobStore store = BlobStore.open(temp.toUri().toString());
    StoredBlob blob = store.put(new byte[] {1, 2, 3}, "application/octet-stream");
    Files.write(Path.of(URI.create(blob.uri())), new byte[] {1, 2, 4});
    assertThatThrownBy(() -> store.get(blob.uri())).isInstanceOf(BlobCorruptException.class);
  }

  @Test
  void shouldReportAMissingBlob() {
    BlobStore store = BlobStore.open(temp.toUri().toString());
    String uri = temp.resolve("00/00/" + "0".repeat(64)).toUri().toString();
    assertThatThrownBy(() -> store.get(uri)).isInstanceOf(BlobNotFoundException.class);
    assertThat(store.contains("0".repeat(64))).isFalse();
    assertThat(store.contains("../../etc/passwd")).isFalse();
  }

  @Test
  void shouldRejectAnUnknownScheme() {
    assertThatThrownBy(() -> BlobStore.open("ftp://host/x"))
        .hasMessageContaining("unsupported blob store URI");
  }
}
