package org.mmedpo.model.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmedpo.common.blob.LocalBlobStore;
import org.mmedpo.common.blob.StoredBlob;
import org.mmedpo.events.ModelKind;
import org.mmedpo.events.ModelVersion;
import org.mmedpo.model.MedVlm;
import org.mmedpo.model.MedVlmTest;
import org.mmedpo.model.ModelConfig;
import org.mmedpo.model.archive.ArchiveMetadata;

class LiveModelTest {

  @TempDir Path dir;

  private ModelVersion publish(LocalBlobStore blobs, String version, ModelKind kind, long seed,
      Instant at) {
    ModelConfig c = ModelConfig.tiny();
    ModelConfig seeded = new ModelConfig(c.imageSize(), c.patchSize(), c.visionWidth(),
        c.visionLayers(), c.width(), c.layers(), c.heads(), c.mlpRatio(), c.maxTextTokens(), seed);
    try (MedVlm model = MedVlm.create(seeded, MedVlmTest.tokenizerForTests(), Device.cpu())) {
      byte[] archive = model.toArchive(new ArchiveMetadata("m", version, null, kind.name(), 0, 0,
          Map.of()));
      StoredBlob blob = blobs.put(archive, "application/zip");
      return ModelVersion.newBuilder().setVersion(version).setModelName("m").setKind(kind)
          .setBlobUri(blob.uri()).setSha256(blob.sha256()).setSizeBytes(blob.size())
          .setSamplesSeen(0).setSteps(0).setCreatedAt(at).build();
    }
  }

  @Test
  void shouldSwapToNewerVersionsAndIgnoreOlderOnes() {
    LocalBlobStore blobs = new LocalBlobStore(dir);
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    ModelVersion v1 = publish(blobs, "v1", ModelKind.BASE, 1, t0);
    ModelVersion v2 = publish(blobs, "v2", ModelKind.ALIGNED, 2, t0.plusSeconds(5));
    try (LiveModel live = new LiveModel(blobs, Device.cpu(), LiveModel.Follow.LATEST)) {
      assertThatThrownBy(() -> live.withModel(MedVlm::metadata))
          .isInstanceOf(IllegalStateException.class);
      assertThat(live.offer(v1)).isTrue();
      assertThat((String) live.<String>withModel(m -> m.metadata().version())).isEqualTo("v1");
      assertThat(live.offer(v2)).isTrue();
      assertThat((String) live.<String>withModel(m -> m.metadata().version())).isEqualTo("v2");
      assertThat(live.offer(v1)).isFalse();
      assertThat(live.currentVersion()).get().extracting(ModelVersion::getVersion).isEqualTo("v2");
    }
  }

  @Test
  void shouldFollowOnlyBaseVersionsWhenAskedForTheReference() {
    LocalBlobStore blobs = new LocalBlobStore(dir);
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    try (LiveModel live = new LiveModel(blobs, Device.cpu(), LiveModel.Follow.BASE)) {
      assertThat(live.offer(publish(blobs, "v1", ModelKind.BASE, 1, t0))).isTrue();
      assertThat(live.offer(publish(blobs, "v2", ModelKind.ALIGNED, 2, t0.plusSeconds(1))))
          .isFalse();
      assertThat((String) live.<String>withModel(m -> m.metadata().version())).isEqualTo("v1");
    }
  }

  @Test
  void shouldServeOnlyThePinnedVersionWhenOneIsConfigured() {
    LocalBlobStore blobs = new LocalBlobStore(dir);
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    try (LiveModel live = new LiveModel(blobs, Device.cpu(), LiveModel.Follow.BASE, "v1")) {
      assertThat(live.offer(publish(blobs, "v0", ModelKind.BASE, 3, t0))).isFalse();
      assertThat(live.offer(publish(blobs, "v1", ModelKind.BASE, 1, t0.plusSeconds(1)))).isTrue();
      assertThat(live.offer(publish(blobs, "v2", ModelKind.BASE, 2, t0.plusSeconds(2)))).isFalse();
      assertThat(live.currentVersion()).get().extracting(ModelVersion::getVersion).isEqualTo("v1");
    }
  }

  @Test
  void shouldRefuseAnArchiveWhoseHashDiffersFromTheEvent() {
    LocalBlobStore blobs = new LocalBlobStore(dir);
    ModelVersion v1 = publish(blobs, "v1", ModelKind.BASE, 1, Instant.now());
    v1.setSha256("0".repeat(64));
    try (LiveModel live = new LiveModel(blobs, Device.cpu(), LiveModel.Follow.LATEST)) {
      assertThatThrownBy(() -> live.offer(v1)).hasMessageContaining("SHA-256");
    }
  }
}
