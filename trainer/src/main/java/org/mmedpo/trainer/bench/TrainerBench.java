package org.mmedpo.trainer.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.mmedpo.common.image.GrayImage;
import org.mmedpo.events.DispreferenceKind;
import org.mmedpo.model.Autograd;
import org.mmedpo.model.MedVlm;
import org.mmedpo.model.ModelConfig;
import org.mmedpo.model.VlmSample;
import org.mmedpo.model.text.Tokenizer;
import org.mmedpo.trainer.dpo.DpoPair;
import org.mmedpo.trainer.dpo.DpoStep;
import org.mmedpo.trainer.optim.AdamW;

/**
 * In-process trainer benchmarks on synthetic pairs shaped like the released VQA-RAD data (short
 * chosen answers, long rejected ones) and reports:
 *
 * <ul>
 *   <li>bare loop: forward chosen, forward rejected, DPO loss, backward, AdamW, nothing else;
 *   <li>trainer step: {@link DpoStep} (adds gradient clipping and TRL statistics) with reference
 *       log-probs cached, fed by the trainer's own batch preparation;
 *   <li>trainer step recomputing the reference log-probs every step (the MMedPO code's way).
 * </ul>
 *
 * All three run in one process on the same model shape, batch and pairs, so their ratios hold
 * whatever else the machine is doing. The end-to-end trainer over Kafka is measured by {@code
 * StreamingBench}.
 */
public final class TrainerBench {

  /**
   * @param bareSamplesPerSecond bare loop throughput
   * @param cachedSamplesPerSecond trainer steps with cached reference log-probs
   * @param recomputeSamplesPerSecond trainer steps recomputing them
   * @param peakRssMiB peak resident memory
   */
  public record Result(double bareSamplesPerSecond, double cachedSamplesPerSecond,
      double recomputeSamplesPerSecond, double peakRssMiB) {}

  private TrainerBench() {}

  /** The vocabulary of the synthetic benchmark pairs. */
  public static Tokenizer benchTokenizer() {
    return tokenizer();
  }

  static Tokenizer tokenizer() {
    return Tokenizer.build(List.of(
        "is there evidence of a pneumothorax in the left right lung ? yes no",
        "no , the chest x-ray shows no sign of any effusion or consolidation and the heart size is"
            + " normal .",
        "findings : the lungs are clear . impression : no acute cardiopulmonary disease ."), 1);
  }

  /** {@code count} synthetic pairs on 512x512 images, half text and half image dispreference. */
  public static List<DpoPair> pairs(MedVlm model, int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<DpoPair> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      GrayImage img = GrayImage.blank(512, 512, 16);
      for (int p = 0; p < img.pixels().length; p++) {
        img.pixels()[p] = random.nextInt(65536);
      }
      float[] x = model.prepare(img);
      boolean text = i % 2 == 0;
      float[] xStar = text ? x : x.clone();
      String prompt = "is there evidence of a pneumothorax in the left lung ?";
      String chosen = "yes";
      String rejected = text ? "no , the chest x-ray shows no sign of any effusion or "
          + "consolidation and the heart size is normal ." : chosen;
      out.add(new DpoPair("bench-" + i, text ? DispreferenceKind.TEXT_HALLUCINATION
          : DispreferenceKind.LESION_NEGLECT, new VlmSample(x, prompt, chosen),
          new VlmSample(xStar, prompt, rejected), 0.75 + 0.5 * random.nextDouble(), 0, 0));
    }
    return out;
  }

  /** Runs the three measurements, {@code steps} steps each after {@code warmup} steps. */
  public static Result run(ModelConfig config, int batchSize, int steps, int warmup,
      PrintWriter out) {
    try (MedVlm policy = MedVlm.create(config, tokenizer(), ai.djl.Device.cpu());
        MedVlm reference = policy.copy(false)) {
      List<DpoPair> raw = pairs(policy, batchSize * 4, 7);
      double[] refs = new double[raw.size() * 2];
      List<VlmSample> all = new ArrayList<>();
      for (DpoPair p : raw) {
        all.add(p.chosen());
        all.add(p.rejected());
      }
      double[] lp = reference.logProbs(all);
      List<DpoPair> cached = new ArrayList<>();
      for (int i = 0; i < raw.size(); i++) {
        DpoPair p = raw.get(i);
        cached.add(new DpoPair(p.sampleId(), p.kind(), p.chosen(), p.rejected(), p.weight(),
            lp[2 * i], lp[2 * i + 1]));
      }
      out.printf("model: %,d parameters (%s), batch %d pairs, %d steps per measurement%n",
          policy.parameterCount(), config, batchSize, steps);
      out.flush();
      double bare;
      double withCache;
      double recompute;
      try (AdamW adam = new AdamW(AdamW.Settings.defaults(), policy.parameters(),
          policy.manager())) {
        bareLoop(policy, adam, cached, batchSize, warmup);
        bare = bareLoop(policy, adam, cached, batchSize, steps);
        trainerLoop(policy, adam, reference, cached, batchSize, warmup, false);
        withCache = trainerLoop(policy, adam, reference, cached, batchSize, steps, false);
        recompute = trainerLoop(policy, adam, reference, raw, batchSize, steps, true);
        // Second bare measurement after the others: the ratio uses the mean of both, so load
        // drift on a shared machine affects both sides alike.
        bare = (bare + bareLoop(policy, adam, cached, batchSize, steps)) / 2;
      }
      return new Result(bare, withCache, recompute, ResidentMemory.peakMiB());
    }
  }

  private static List<DpoPair> batch(List<DpoPair> pairs, int step, int size) {
    List<DpoPair> out = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      out.add(pairs.get((step * size + i) % pairs.size()));
    }
    return out;
  }

  /** The bare loop; returns samples per second. */
  static double bareLoop(MedVlm policy, AdamW adam, List<DpoPair> pairs, int size, int steps) {
    long started = System.nanoTime();
    for (int s = 0; s < steps; s++) {
      List<DpoPair> b = batch(pairs, s, size);
      Autograd.LOCK.lock();
      try {
        try (NDManager m = policy.manager().newSubManager();
            GradientCollector c = Autograd.collector()) {
          c.backward(DpoStep.forward(policy, m, b, 0.1).loss().loss());
        }
        adam.update(1e-5);
      } finally {
        Autograd.LOCK.unlock();
      }
    }
    return (double) steps * size / ((System.nanoTime() - started) / 1e9);
  }

  /**
   * Trainer steps; with {@code recompute} the reference log-probs of each batch are computed
   * before its step, as the MMedPO code does. Returns samples per second.
   */
  static double trainerLoop(MedVlm policy, AdamW adam, MedVlm reference, List<DpoPair> pairs,
      int size, int steps, boolean recompute) {
    long started = System.nanoTime();
    for (int s = 0; s < steps; s++) {
      List<DpoPair> b = batch(pairs, s, size);
      if (recompute) {
        List<VlmSample> both = new ArrayList<>();
        for (DpoPair p : b) {
          both.add(p.chosen());
          both.add(p.rejected());
        }
        double[] lp = reference.logProbs(both);
        List<DpoPair> withRef = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
          DpoPair p = b.get(i);
          withRef.add(new DpoPair(p.sampleId(), p.kind(), p.chosen(), p.rejected(), p.weight(),
              lp[2 * i], lp[2 * i + 1]));
        }
        b = withRef;
      }
      DpoStep.run(policy, adam, b, 0.1, 1e-5, 1.0);
    }
    return (double) steps * size / ((System.nanoTime() - started) / 1e9);
  }

  /**
   * Soak: {@code steps} trainer steps, printing resident memory every {@code every} steps.
   *
   * @return {first, last, peak} resident MiB after warm-up
   */
  public static double[] soak(ModelConfig config, int batchSize, int steps, int every,
      PrintWriter out) {
    try (MedVlm policy = MedVlm.create(config, tokenizer(), ai.djl.Device.cpu());
        AdamW adam = new AdamW(AdamW.Settings.defaults(), policy.parameters(),
            policy.manager())) {
      List<DpoPair> pairs = pairs(policy, batchSize * 4, 3);
      double first = -1;
      double lastRss = -1;
      long started = System.nanoTime();
      for (int s = 1; s <= steps; s++) {
        DpoStep.run(policy, adam, batch(pairs, s, batchSize), 0.1, 1e-5, 1.0);
        if (s % every == 0) {
          lastRss = ResidentMemory.currentMiB();
          if (first < 0) {
            first = lastRss;
          }
          out.printf("soak step %5d  RSS %7.1f MiB  (%.0f s)%n", s, lastRss,
              (System.nanoTime() - started) / 1e9);
          out.flush();
        }
      }
      return new double[] {first, lastRss, ResidentMemory.peakMiB()};
    }
  }
}
