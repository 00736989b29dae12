package org.mmedpo.trainer.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.mmedpo.common.blob.BlobStore;
import org.mmedpo.common.blob.StoredBlob;
import org.mmedpo.common.image.GrayImage;
import org.mmedpo.common.image.PngCodec;
import org.mmedpo.events.DispreferenceKind;
import org.mmedpo.events.ImageRef;
import org.mmedpo.events.ItemType;
import org.mmedpo.events.LesionAnnotation;
import org.mmedpo.events.PreferenceSample;
import org.mmedpo.events.SampleProvenance;
import org.mmedpo.events.VqaAnswerType;
import org.mmedpo.events.VqaItem;
import org.mmedpo.events.WeightScheme;
import org.mmedpo.trainer.data.ExportStudy;
import org.mmedpo.trainer.data.TrainingExamples;

/**
 * Preference samples made directly from an export's ground truth, for benchmarking the trainer
 * and demonstrating alignment without the stream processors. It is a deliberately simple
 * stand-in for them, not MMedPO's data pipeline: text dispreference flips closed answers (with
 * a long confident sentence, as the released rejected answers are) and denies the findings of a
 * report; image dispreference replaces the pixels inside each lesion box by Gaussian noise. Raw
 * scores are drawn on a 0.1 grid and normalized as the paper says (standardized, mean 1,
 * variance 0.1, clipped to [0.75, 1.25]) over the generated set.
 */
public final class PreferenceStreamSynth {

  private PreferenceStreamSynth() {}

  /** Up to {@code max} samples from {@code studies}, images stored in {@code blobs}. */
  public static List<PreferenceSample> make(List<ExportStudy> studies, BlobStore blobs, int max,
      long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<PreferenceSample.Builder> out = new ArrayList<>();
    for (ExportStudy s : studies) {
      if (out.size() >= max) {
        break;
      }
      ImageRef x = store(blobs, s.image());
      for (VqaItem item : s.vqa()) {
        if (item.getAnswerType() != VqaAnswerType.CLOSED) {
          continue;
        }
        String answer = item.getAnswer().trim().toLowerCase(Locale.ROOT);
        String rejected = answer.equals("yes")
            ? "no , the chest x-ray shows no sign of this and the lungs are clear ."
            : "yes , the chest x-ray clearly shows this finding .";
        out.add(sample(s.studyId() + "/" + item.getItemId() + "/text",
            DispreferenceKind.TEXT_HALLUCINATION, ItemType.VQA_CLOSED, item.getQuestion(),
            item.getAnswer(), rejected, x, x, random));
      }
      String report = TrainingExamples.reportText(s.findings(), s.impression());
      if (!s.annotations().isEmpty()) {
        out.add(sample(s.studyId() + "/report/text", DispreferenceKind.TEXT_HALLUCINATION,
            ItemType.REPORT, TrainingExamples.REPORT_PROMPT, report,
            "FINDINGS: The lungs are clear. Heart size is normal. IMPRESSION: No acute "
                + "cardiopulmonary disease.", x, x, random));
        ImageRef noised = store(blobs, noiseLesions(s.image(), s.annotations(), random));
        out.add(sample(s.studyId() + "/report/image", DispreferenceKind.LESION_NEGLECT,
            ItemType.REPORT, TrainingExamples.REPORT_PROMPT, report, report, x, noised, random));
      }
    }
    double mean = 0;
    for (PreferenceSample.Builder b : out) {
      mean += b.getRawScore();
    }
    mean /= Math.max(1, out.size());
    double var = 0;
    for (PreferenceSample.Builder b : out) {
      var += (b.getRawScore() - mean) * (b.getRawScore() - mean);
    }
    double std = Math.sqrt(var / Math.max(1, out.size())) + 1e-9;
    List<PreferenceSample> samples = new ArrayList<>();
    for (PreferenceSample.Builder b : out.subList(0, Math.min(max, out.size()))) {
      double w = 1 + Math.sqrt(0.1) * (b.getRawScore() - mean) / std;
      samples.add(b.setWeight(Math.max(0.75, Math.min(1.25, w))).build());
    }
    return samples;
  }

  private static PreferenceSample.Builder sample(String id, DispreferenceKind kind,
      ItemType type, String prompt, String chosen, String rejected, ImageRef x, ImageRef xStar,
      SplittableRandom random) {
    double raw = Math.round((0.3 + 0.7 * random.nextDouble()) * 10) / 10.0;
    return PreferenceSample.newBuilder().setSampleId(id).setKind(kind).setItemType(type)
        .setPrompt(prompt).setChosenText(chosen).setChosenImage(x).setRejectedText(rejected)
        .setRejectedImage(xStar).setRawScore(raw).setWeight(1.0)
        .setWeightScheme(WeightScheme.PAPER)
        .setProvenance(SampleProvenance.newBuilder().setSource("bench:synthetic").build())
        .setCreatedAt(Instant.now());
  }

  /** The image with every lesion box replaced by N(mean, std) noise of the image. */
  static GrayImage noiseLesions(GrayImage image, List<LesionAnnotation> boxes,
      SplittableRandom random) {
    GrayImage out = image.copy();
    double mean = 0;
    for (int v : image.pixels()) {
      mean += v;
    }
    mean /= image.pixels().length;
    for (LesionAnnotation a : boxes) {
      for (int y = Math.max(0, a.getY()); y < Math.min(image.height(), a.getY() + a.getHeight());
          y++) {
        for (int x = Math.max(0, a.getX()); x < Math.min(image.width(), a.getX() + a.getWidth());
            x++) {
          double u1 = random.nextDouble();
          double u2 = random.nextDouble();
          double g = Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
          int v = (int) Math.round(mean + g * image.maxValue() * 0.15);
          out.set(x, y, Math.max(0, Math.min(image.maxValue(), v)));
        }
      }
    }
    return out;
  }

  private static ImageRef store(BlobStore blobs, GrayImage image) {
    StoredBlob blob = blobs.put(PngCodec.encode(image), "image/png");
    return ImageRef.newBuilder().setUri(blob.uri()).setSha256(blob.sha256())
        .setWidth(image.width()).setHeight(image.height()).setBitsStored(image.bits()).build();
  }
}
