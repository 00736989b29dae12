package org.mmedpo.streams.bench;

import ai.djl.Device;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mmedpo.common.blob.BlobStore;
import org.mmedpo.common.blob.LocalBlobStore;
import org.mmedpo.common.blob.StoredBlob;
import org.mmedpo.common.image.GrayImage;
import org.mmedpo.common.image.PngCodec;
import org.mmedpo.common.text.ReportText;
import org.mmedpo.events.DispreferenceKind;
import org.mmedpo.events.ImageReportPair;
import org.mmedpo.events.ItemType;
import org.mmedpo.events.ModelKind;
import org.mmedpo.events.ModelVersion;
import org.mmedpo.events.PreferenceSample;
import org.mmedpo.events.SampleProvenance;
import org.mmedpo.events.VqaItem;
import org.mmedpo.events.WeightScheme;
import org.mmedpo.model.EngineSettings;
import org.mmedpo.model.MedVlm;
import org.mmedpo.model.ModelConfig;
import org.mmedpo.model.archive.ArchiveMetadata;
import org.mmedpo.model.live.LiveModel;
import org.mmedpo.model.text.Tokenizer;
import org.mmedpo.streams.assembly.ModelReferenceScorer;
import org.mmedpo.streams.hallucination.ClinicalHallucinationEngine;
import org.mmedpo.streams.hallucination.HallucinatedText;
import org.mmedpo.streams.hallucination.HallucinationRequest;
import org.mmedpo.streams.hallucination.TargetModelHallucinator;
import org.mmedpo.streams.lesion.ContrastLocalizer;
import org.mmedpo.streams.lesion.LocalizationRequest;
import org.mmedpo.streams.lesion.SaliencyLocalizer;
import org.mmedpo.streams.llm.Deadline;
import org.mmedpo.streams.model.PreparedImages;
import org.mmedpo.streams.radiology.RadiologyLexicon;
import org.mmedpo.streams.scoring.ClinicalRuleJudge;
import org.mmedpo.streams.scoring.ConsensusProtocol;

/**
 * The cost of the model-backed processor parts against the built-in ones they replace, measured
 * in one process on the same synthetic pairs: target-model sampling against the clinical engine
 * (per report item), the saliency localizer against the contrast localizer (per image), and the
 * reference log-probs of one report sample (the extra work of assembly with enrichment on). The
 * model is freshly initialized at the given size: it never ends a candidate early, so sampling
 * costs its full {@code maxNewTokens} steps (a trained model that stops at the report's end costs
 * less). One PyTorch thread, as the processors run it. No Kafka.
 */
public final class ModelPartsBenchmark {

  /**
   * @param pairs synthetic pairs timed (after {@code warmup} untimed ones)
   * @param warmup untimed pairs first (engine kernel caches, JIT)
   * @param imageSize radiograph side in pixels
   * @param model the model's size (e.g. {@code ModelConfig.defaults()})
   * @param sampling target-model settings
   */
  public record Options(int pairs, int warmup, int imageSize, ModelConfig model,
      TargetModelHallucinator.Settings sampling) {}

  /**
   * Mean milliseconds per call of each part.
   *
   * @param targetModelKept report items for which a sampled candidate was kept (not the fallback)
   */
  public record Result(int pairs, double engineMs, double targetModelMs, double contrastMs,
      double saliencyMs, double referenceMs, int targetModelKept) {}

  private ModelPartsBenchmark() {}

  /** Runs the benchmark with blobs under {@code dir}. */
  public static Result run(Path dir, Options options) {
    EngineSettings.threads(1);
    BlobStore blobs = new LocalBlobStore(dir.resolve("blobs"));
    SyntheticPairs synthetic = new SyntheticPairs(blobs, options.imageSize(), 7);
    int total = options.warmup() + options.pairs();
    List<ImageReportPair> pairs = new ArrayList<>(total);
    List<String> corpus = new ArrayList<>(List.of(ReportText.PROMPT));
    for (int i = 0; i < total; i++) {
      ImageReportPair pair = synthetic.pair(i);
      pairs.add(pair);
      corpus.add(ReportText.compose(pair.getFindings(), pair.getImpression()));
      for (VqaItem vqa : pair.getVqa()) {
        corpus.add(vqa.getQuestion() + " " + vqa.getAnswer());
      }
    }
    ModelVersion version;
    try (MedVlm model = MedVlm.create(options.model(), Tokenizer.build(corpus, 1), Device.cpu())) {
      byte[] archive = model.toArchive(new ArchiveMetadata("bench", "bench-1", null, "BASE", 0, 0,
          Map.of()));
      StoredBlob stored = blobs.put(archive, "application/zip");
      version = ModelVersion.newBuilder().setVersion("bench-1").setModelName("bench")
          .setKind(ModelKind.BASE).setBlobUri(stored.uri()).setSha256(stored.sha256())
          .setSizeBytes(stored.size()).setSamplesSeen(0).setSteps(0).setCreatedAt(Instant.now())
          .build();
    }
    RadiologyLexicon lexicon = RadiologyLexicon.standard();
    ClinicalHallucinationEngine engine = new ClinicalHallucinationEngine(lexicon);
    ContrastLocalizer contrast = new ContrastLocalizer();
    try (LiveModel live = new LiveModel(blobs, Device.cpu(), LiveModel.Follow.LATEST)) {
      live.offer(version);
      PreparedImages prepared = new PreparedImages(blobs, 64);
      TargetModelHallucinator sampler = new TargetModelHallucinator(live, prepared,
          new ConsensusProtocol(List.of(new ClinicalRuleJudge(lexicon, 0.1)), 5, false), engine,
          options.sampling());
      SaliencyLocalizer saliency = new SaliencyLocalizer(live, lexicon, ReportText.PROMPT);
      ModelReferenceScorer reference = new ModelReferenceScorer(live, prepared);
      long[] nanos = new long[5];
      int kept = 0;
      for (int i = 0; i < total; i++) {
        boolean timed = i >= options.warmup();
        ImageReportPair pair = pairs.get(i);
        String chosen = ReportText.compose(pair.getFindings(), pair.getImpression());
        HallucinationRequest request = new HallucinationRequest(ItemType.REPORT, ReportText.PROMPT,
            chosen, "DX", "CHEST", i, Deadline.in(Duration.ofMinutes(5)), pair.getImage());
        GrayImage image = PngCodec.decode(blobs.get(pair.getImage().getUri()));
        LocalizationRequest where = new LocalizationRequest(pair, image,
            Deadline.in(Duration.ofMinutes(5)));
        prepared.prepared(pair.getImage(), live.withModel(m -> m)); // blob I/O is not timed

        long t0 = System.nanoTime();
        HallucinatedText rewritten = engine.hallucinate(request);
        long t1 = System.nanoTime();
        HallucinatedText sampled = sampler.hallucinate(request);
        long t2 = System.nanoTime();
        contrast.localize(where);
        long t3 = System.nanoTime();
        saliency.localize(where);
        long t4 = System.nanoTime();
        reference.score(sample(pair, chosen, rewritten.text()), Deadline.in(Duration.ofMinutes(5)));
        long t5 = System.nanoTime();
        if (timed) {
          nanos[0] += t1 - t0;
          nanos[1] += t2 - t1;
          nanos[2] += t3 - t2;
          nanos[3] += t4 - t3;
          nanos[4] += t5 - t4;
          if (sampled.generator().equals(TargetModelHallucinator.NAME)) {
            kept++;
          }
        }
      }
      double n = options.pairs();
      return new Result(options.pairs(), nanos[0] / 1e6 / n, nanos[1] / 1e6 / n, nanos[2] / 1e6 / n,
          nanos[3] / 1e6 / n, nanos[4] / 1e6 / n, kept);
    }
  }

  private static PreferenceSample sample(ImageReportPair pair, String chosen, String rejected) {
    return PreferenceSample.newBuilder().setSampleId(pair.getPairId())
        .setKind(DispreferenceKind.TEXT_HALLUCINATION).setItemType(ItemType.REPORT)
        .setPrompt(ReportText.PROMPT).setChosenText(chosen).setChosenImage(pair.getImage())
        .setRejectedText(rejected).setRejectedImage(pair.getImage()).setRawScore(0.5).setWeight(1.0)
        .setWeightScheme(WeightScheme.PAPER).setReference(null)
        .setProvenance(SampleProvenance.newBuilder().setSource("bench").build())
        .setCreatedAt(Instant.now()).build();
  }
}
