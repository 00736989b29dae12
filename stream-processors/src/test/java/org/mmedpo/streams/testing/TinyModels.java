package org.mmedpo.streams.testing;

import ai.djl.Device;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.mmedpo.common.blob.BlobStore;
import org.mmedpo.common.blob.StoredBlob;
import org.mmedpo.common.text.ReportText;
import org.mmedpo.events.ModelKind;
import org.mmedpo.events.ModelVersion;
import org.mmedpo.model.MedVlm;
import org.mmedpo.model.ModelConfig;
import org.mmedpo.model.archive.ArchiveMetadata;
import org.mmedpo.model.live.LiveModel;
import org.mmedpo.model.text.Tokenizer;

/**
 * Small, freshly initialized models published to a blob store as model versions, for tests of the
 * model-backed processors: 32x32 input in 8x8 patches, width 32, one layer each; weights differ by
 * seed. The vocabulary covers the synthetic pairs' reports and questions.
 */
public final class TinyModels {

  /** The input side of the models (make synthetic pairs this size to skip resizing). */
  public static final int IMAGE_SIZE = 32;

  private TinyModels() {}

  public static ModelConfig config(long seed) {
    return new ModelConfig(IMAGE_SIZE, 8, 32, 1, 32, 1, 2, 2, 64, seed);
  }

  public static Tokenizer tokenizer() {
    return Tokenizer.build(List.of(ReportText.PROMPT,
        "FINDINGS: There is a small left apical pneumothorax. The heart size is normal. "
            + "No pleural effusion. IMPRESSION: Small left apical pneumothorax.",
        "There is a moderate right basilar pleural effusion. No pneumothorax.",
        "There is large right lower lobe consolidation, likely pneumonia.",
        "There is a small left upper lobe pulmonary nodule. The lungs are clear.",
        "Is there a pneumothorax? Is there a pleural effusion? Is the heart enlarged? yes no",
        "Where is the abnormality located? Left apical. Right basilar."), 1);
  }

  /** Creates a model with weights from {@code seed}, stores its archive and describes it. */
  public static ModelVersion publish(BlobStore blobs, String version, ModelKind kind, long seed,
      Instant at) {
    try (MedVlm model = MedVlm.create(config(seed), tokenizer(), Device.cpu())) {
      byte[] archive = model.toArchive(new ArchiveMetadata("tiny", version, null, kind.name(), 0, 0,
          Map.of()));
      StoredBlob blob = blobs.put(archive, "application/zip");
      return ModelVersion.newBuilder().setVersion(version).setModelName("tiny").setKind(kind)
          .setBlobUri(blob.uri()).setSha256(blob.sha256()).setSizeBytes(blob.size())
          .setSamplesSeen(0).setSteps(0).setCreatedAt(at).build();
    }
  }

  /** A live model serving {@code version} (or nothing when null), fed without Kafka. */
  public static LiveModel serving(BlobStore blobs, LiveModel.Follow follow, ModelVersion version) {
    LiveModel live = new LiveModel(blobs, Device.cpu(), follow);
    if (version != null && !live.offer(version)) {
      throw new IllegalStateException("version " + version.getVersion() + " was not taken");
    }
    return live;
  }
}
