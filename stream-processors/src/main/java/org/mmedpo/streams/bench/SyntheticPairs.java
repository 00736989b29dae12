package org.mmedpo.streams.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.mmedpo.common.blob.BlobStore;
import org.mmedpo.common.blob.StoredBlob;
import org.mmedpo.common.image.GrayImage;
import org.mmedpo.common.image.PngCodec;
import org.mmedpo.events.ImageRef;
import org.mmedpo.events.ImageReportPair;
import org.mmedpo.events.IngestProvenance;
import org.mmedpo.events.LesionAnnotation;
import org.mmedpo.events.VqaAnswerType;
import org.mmedpo.events.VqaItem;

/**
 * Chest-X-ray-like pairs with a known lesion: a 16-bit image (two dark lung fields, a bright
 * mediastinum, pixel noise) with a blob at an annotated box, a report in the usual style that
 * describes it, and two VQA items. About a quarter are normal studies without a lesion. Deterministic
 * for an index and a seed. For tests and benchmarks of the stream processors.
 */
public final class SyntheticPairs {

  private record Finding(String label, String location, boolean bright, String impression) {}

  private static final List<Finding> FINDINGS = List.of(
      new Finding("pneumothorax", "apical", false, "pneumothorax"),
      new Finding("pleural effusion", "basilar", true, "pleural effusion"),
      new Finding("consolidation", "lower lobe", true, "consolidation, likely pneumonia"),
      new Finding("pulmonary nodule", "upper lobe", true, "pulmonary nodule"));
  private static final String[] SIZES = {"small", "moderate", "large"};

  private final BlobStore blobs;
  private final int size;
  private final long seed;

  /**
   * @param size image side in pixels
   * @param seed seed of the whole set
   */
  public SyntheticPairs(BlobStore blobs, int size, long seed) {
    if (size < 32) {
      throw new IllegalArgumentException("image size must be at least 32");
    }
    this.blobs = blobs;
    this.size = size;
    this.seed = seed;
  }

  /** The pair with index {@code index}; its image is stored in the blob store. */
  public ImageReportPair pair(int index) {
    SplittableRandom rng = new SplittableRandom(seed * 1_000_003L + index);
    boolean normal = rng.nextInt(4) == 0;
    Finding finding = FINDINGS.get(rng.nextInt(FINDINGS.size()));
    String side = rng.nextBoolean() ? "left" : "right";
    String severity = SIZES[rng.nextInt(SIZES.length)];
    int boxW = size / 8 + rng.nextInt(size / 8);
    int boxH = size / 8 + rng.nextInt(size / 8);
    // Radiological convention: the patient's left is on the image's right.
    int lungX = side.equals("left") ? size * 5 / 8 : size * 3 / 8;
    int boxY = switch (finding.location()) {
      case "apical", "upper lobe" -> size / 4;
      default -> size * 5 / 8;
    };
    int boxX = Math.max(0, Math.min(size - boxW, lungX - boxW / 2));
    boxY = Math.max(0, Math.min(size - boxH, boxY - boxH / 2));
    GrayImage image = render(rng, normal ? null : new int[] {boxX, boxY, boxW, boxH}, finding.bright());
    StoredBlob blob = blobs.put(PngCodec.encode(image), "image/png");
    ImageRef ref = ImageRef.newBuilder().setUri(blob.uri()).setSha256(blob.sha256()).setMediaType("image/png")
        .setWidth(size).setHeight(size).setBitsStored(16).setPhotometricInterpretation("MONOCHROME2")
        .setModality("DX").setWindowCenter(32768.0).setWindowWidth(65536.0).build();

    String findings;
    String impression;
    List<VqaItem> vqa = new ArrayList<>();
    List<LesionAnnotation> annotations = new ArrayList<>();
    if (normal) {
      findings = "The heart size is normal. The mediastinal contours are normal. The lungs are clear. "
          + "No pleural effusion or pneumothorax.";
      impression = "No acute cardiopulmonary process.";
      vqa.add(vqa("vqa-0", "Is there a pneumothorax?", "No", VqaAnswerType.CLOSED, "presence"));
      vqa.add(vqa("vqa-1", "Is the heart enlarged?", "No", VqaAnswerType.CLOSED, "presence"));
    } else {
      String where = finding.location().equals("lower lobe") || finding.location().equals("upper lobe")
          ? side + " " + finding.location() : side + " " + finding.location();
      String article = finding.label().equals("consolidation") ? "" : "a ";
      findings = "There is " + article + severity + " " + where + " " + finding.label() + ". "
          + "The heart size is normal. "
          + (finding.label().equals("pneumothorax") ? "No pleural effusion." : "No pneumothorax.");
      impression = cap(severity + " " + where + " " + finding.impression()) + ".";
      vqa.add(vqa("vqa-0", "Is there a " + finding.label() + "?", "Yes", VqaAnswerType.CLOSED, "presence"));
      vqa.add(vqa("vqa-1", "Where is the abnormality located?", cap(where), VqaAnswerType.OPEN, "location"));
      annotations.add(LesionAnnotation.newBuilder().setLabel(finding.label()).setLaterality(side)
          .setLocation(finding.location()).setSeverity(severity)
          .setX(boxX).setY(boxY).setWidth(boxW).setHeight(boxH).build());
    }
    String study = String.format(Locale.ROOT, "study-%016x", seed * 31 + index * 0x9E3779B97F4A7C15L);
    return ImageReportPair.newBuilder()
        .setPairId(String.format(Locale.ROOT, "pair-%06d", index))
        .setStudyPseudonym(study)
        .setPatientPseudonym(null)
        .setModality("DX").setBodyPart("CHEST").setView("PA")
        .setImage(ref)
        .setFindings(findings).setImpression(impression)
        .setVqa(vqa).setAnnotations(annotations)
        .setProvenance(IngestProvenance.newBuilder().setExportId("synthetic-bench")
            .setSourceName("synthetic/" + index + ".png").setSourceSha256(blob.sha256())
            .setReportSource(null).setTransferSyntaxUid(null)
            .setIngestor("mmedpo-stream-processors/synthetic").build())
        .setStudyDate(null)
        .setIngestedAt(Instant.ofEpochMilli(1_700_000_000_000L + index))
        .build();
  }

  private GrayImage render(SplittableRandom rng, int[] box, boolean bright) {
    int[] px = new int[size * size];
    double cx1 = size * 0.33;
    double cx2 = size * 0.67;
    double cy = size * 0.5;
    double rx = size * 0.15;
    double ry = size * 0.32;
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        double v = 30000;
        double l1 = sq((x - cx1) / rx) + sq((y - cy) / ry);
        double l2 = sq((x - cx2) / rx) + sq((y - cy) / ry);
        if (l1 < 1 || l2 < 1) {
          v = 14000 + 6000 * Math.min(l1, l2);
        }
        if (Math.abs(x - size / 2.0) < size * 0.07) {
          v = 42000;
        }
        v += rng.nextGaussian() * 600;
        px[y * size + x] = (int) Math.max(0, Math.min(65535, v));
      }
    }
    if (box != null) {
      double bx = box[0] + box[2] / 2.0;
      double by = box[1] + box[3] / 2.0;
      for (int y = box[1]; y < box[1] + box[3]; y++) {
        for (int x = box[0]; x < box[0] + box[2]; x++) {
          double d = sq((x - bx) / (box[2] / 2.0)) + sq((y - by) / (box[3] / 2.0));
          if (d < 1) {
            int i = y * size + x;
            double delta = (bright ? 20000 : -9000) * (1 - d * 0.5);
            px[i] = (int) Math.max(0, Math.min(65535, px[i] + delta));
          }
        }
      }
    }
    return new GrayImage(size, size, 16, px);
  }

  private static VqaItem vqa(String id, String q, String a, VqaAnswerType type, String category) {
    return VqaItem.newBuilder().setItemId(id).setQuestion(q).setAnswer(a).setAnswerType(type)
        .setCategory(category).build();
  }

  private static double sq(double v) {
    return v * v;
  }

  private static String cap(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
