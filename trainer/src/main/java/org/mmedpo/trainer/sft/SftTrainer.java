package org.mmedpo.trainer.sft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import org.mmedpo.events.ItemType;
import org.mmedpo.model.Autograd;
import org.mmedpo.model.Decoding;
import org.mmedpo.model.MedVlm;
import org.mmedpo.model.ResponseLogProbs;
import org.mmedpo.model.VlmSample;
import org.mmedpo.model.net.ParameterIo;
import org.mmedpo.model.text.PromptTemplate;
import org.mmedpo.trainer.data.TrainingExample;
import org.mmedpo.evaluation.vqa.MedVqa;
import org.mmedpo.trainer.optim.AdamW;
import org.mmedpo.trainer.optim.GradientClipping;
import org.mmedpo.trainer.optim.LearningRateSchedule;
import org.mmedpo.trainer.optim.NonFiniteStepException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Supervised fine-tuning of a fresh model on ground-truth examples: the loss is the mean
 * negative log-likelihood of the response tokens (prompt tokens masked), AdamW with warm-up and
 * cosine decay over the planned steps, gradient clipping at 1.0. After every epoch the
 * validation loss decides: a better one keeps a copy of the parameters; {@code patience} epochs
 * without improvement, or the time budget, stop training; the best parameters are restored.
 */
public final class SftTrainer {

  private static final Logger LOG = LoggerFactory.getLogger(SftTrainer.class);

  /**
   * SFT settings.
   *
   * @param epochs most epochs
   * @param batchSize examples per step
   * @param learningRate peak learning rate
   * @param warmupSteps linear warm-up steps
   * @param patience epochs without validation improvement before stopping
   * @param maxSeconds wall-clock budget of training, in seconds
   * @param shuffleSeed seed of the example order
   */
  public record Settings(int epochs, int batchSize, double learningRate, int warmupSteps,
      int patience, int maxSeconds, long shuffleSeed) {}

  /**
   * What SFT did.
   *
   * @param epochs epochs run
   * @param steps optimizer steps
   * @param bestEpoch the epoch whose parameters were kept (from 1)
   * @param bestValidationLoss its mean validation token NLL
   * @param seconds training wall-clock time
   * @param validationLosses per epoch
   * @param stoppedBy "patience", "time" or "epochs"
   */
  public record Result(int epochs, long steps, int bestEpoch, double bestValidationLoss,
      double seconds, List<Double> validationLosses, String stoppedBy) {}

  private final Settings settings;

  public SftTrainer(Settings settings) {
    this.settings = settings;
  }

  /** Trains {@code model} in place on {@code train}, early-stopping on {@code validation}. */
  public Result train(MedVlm model, List<TrainingExample> train, List<TrainingExample> validation) {
    return train(model, train, validation, () -> false);
  }

  /**
   * Like {@link #train(MedVlm, List, List)}, checking {@code stop} after every step.
   *
   * @throws CancellationException when {@code stop} turned true (the model is left mid-training)
   */
  public Result train(MedVlm model, List<TrainingExample> train, List<TrainingExample> validation,
      BooleanSupplier stop) {
    Map<String, float[]> images = new HashMap<>();
    List<VlmSample> trainSamples = samples(model, train, images);
    List<VlmSample> valSamples = new ArrayList<>(samples(model, validation, images));
    // Similar lengths together: each validation batch pads less (the loss is the same).
    valSamples.sort(java.util.Comparator.comparingInt(v -> PromptTemplate.encode(
        model.tokenizer(), v.prompt(), v.response(), model.config().maxTextTokens())
        .tokens().length));
    int stepsPerEpoch = (trainSamples.size() + settings.batchSize() - 1) / settings.batchSize();
    LearningRateSchedule schedule = new LearningRateSchedule(settings.learningRate(),
        settings.learningRate() * 0.05, settings.warmupSteps(), stepsPerEpoch * settings.epochs());
    long started = System.nanoTime();
    long deadline = started + settings.maxSeconds() * 1_000_000_000L;
    List<Double> losses = new ArrayList<>();
    byte[] best = model.parameterBytes();
    double bestLoss = Double.POSITIVE_INFINITY;
    int bestEpoch = 0;
    int epoch = 0;
    String stoppedBy = "epochs";
    Random random = new Random(settings.shuffleSeed());
    try (AdamW adam = new AdamW(AdamW.Settings.defaults(), model.parameters(), model.manager())) {
      List<Integer> order = new ArrayList<>();
      int[] lengths = new int[trainSamples.size()];
      for (int i = 0; i < trainSamples.size(); i++) {
        order.add(i);
        VlmSample v = trainSamples.get(i);
        lengths[i] = PromptTemplate.encode(model.tokenizer(), v.prompt(), v.response(),
            model.config().maxTextTokens()).tokens().length;
      }
      outer:
      while (epoch < settings.epochs()) {
        epoch++;
        List<List<Integer>> batches = lengthGroupedBatches(order, lengths, random);
        double trainLoss = 0;
        for (List<Integer> indices : batches) {
          List<VlmSample> batch = new ArrayList<>();
          for (int i : indices) {
            batch.add(trainSamples.get(i));
          }
          trainLoss += step(model, adam, batch, schedule.at(adam.step() + 1));
          if (stop.getAsBoolean()) {
            throw new CancellationException("stopped at SFT step " + adam.step());
          }
          if (adam.step() % 25 == 0) {
            LOG.info("SFT step {} ({} s)", adam.step(),
                String.format("%.0f", (System.nanoTime() - started) / 1e9));
          }
          if (System.nanoTime() > deadline) {
            stoppedBy = "time";
            losses.add(validationLoss(model, valSamples));
            if (losses.get(losses.size() - 1) < bestLoss) {
              bestLoss = losses.get(losses.size() - 1);
              bestEpoch = epoch;
              best = model.parameterBytes();
            }
            break outer;
          }
        }
        double val = validationLoss(model, valSamples);
        losses.add(val);
        LOG.info("SFT epoch {}: train loss {} validation loss {} ({} s)", epoch,
            String.format("%.4f", trainLoss / stepsPerEpoch), String.format("%.4f", val),
            String.format("%.0f", (System.nanoTime() - started) / 1e9));
        if (val < bestLoss) {
          bestLoss = val;
          bestEpoch = epoch;
          best = model.parameterBytes();
        } else if (epoch - bestEpoch >= settings.patience()) {
          stoppedBy = "patience";
          break;
        }
      }
      restore(model, best);
      return new Result(epoch, adam.step(), bestEpoch, bestLoss,
          (System.nanoTime() - started) / 1e9, losses, stoppedBy);
    }
  }

  /**
   * Shuffled batches of similar length: the shuffled examples are cut into pools of 50 batches,
   * each pool is sorted by token length and cut into batches, and the batch order is shuffled.
   * A batch is padded to its longest example, so grouping short VQA answers apart from long
   * reports saves most of the padding compute (the group_by_length of Hugging Face trainers).
   */
  static List<List<Integer>> lengthGroupedBatches(List<Integer> order, int[] lengths,
      Random random, int batchSize) {
    Collections.shuffle(order, random);
    List<List<Integer>> batches = new ArrayList<>();
    int pool = batchSize * 50;
    for (int from = 0; from < order.size(); from += pool) {
      List<Integer> chunk = new ArrayList<>(order.subList(from, Math.min(order.size(),
          from + pool)));
      chunk.sort(java.util.Comparator.comparingInt(i -> lengths[i]));
      for (int b = 0; b < chunk.size(); b += batchSize) {
        batches.add(chunk.subList(b, Math.min(chunk.size(), b + batchSize)));
      }
    }
    Collections.shuffle(batches, random);
    return batches;
  }

  private List<List<Integer>> lengthGroupedBatches(List<Integer> order, int[] lengths,
      Random random) {
    return lengthGroupedBatches(order, lengths, random, settings.batchSize());
  }

  /**
   * The mean response-token NLL of {@code batch}, built on {@code m} (part of the autograd graph
   * when a gradient collector is open).
   */
  static NDArray loss(MedVlm model, NDManager m, List<VlmSample> batch) {
    ResponseLogProbs lp = model.responseLogProbs(m, batch);
    return lp.perToken().sum().neg().div(lp.mask().sum());
  }

  /**
   * One optimizer step on the mean response-token NLL of {@code batch}; returns the loss.
   *
   * @throws NonFiniteStepException when the loss or gradient norm is not finite (nothing updated)
   */
  static double step(MedVlm model, AdamW adam, List<VlmSample> batch, double learningRate) {
    double loss;
    Autograd.LOCK.lock();
    try {
      try (NDManager m = model.manager().newSubManager();
          GradientCollector collector = Autograd.collector()) {
        NDArray nll = loss(model, m, batch);
        collector.backward(nll);
        loss = nll.getFloat();
      }
      double norm = GradientClipping.clip(model.parameters(), 1.0, model.manager());
      NonFiniteStepException.check("SFT", adam.step() + 1, loss, norm, model.parameters());
      adam.update(learningRate);
    } finally {
      Autograd.LOCK.unlock();
    }
    return loss;
  }

  /** Mean response-token NLL over {@code samples}, no gradient. */
  public static double validationLoss(MedVlm model, List<VlmSample> samples) {
    return Autograd.noGrad(() -> {
      double nll = 0;
      double tokens = 0;
      for (int from = 0; from < samples.size(); from += 32) {
        try (NDManager m = model.manager().newSubManager()) {
          ResponseLogProbs lp = model.responseLogProbs(m,
              samples.subList(from, Math.min(samples.size(), from + 32)));
          nll -= lp.perToken().sum().getFloat();
          tokens += lp.mask().sum().getFloat();
        }
      }
      return tokens == 0 ? 0 : nll / tokens;
    });
  }

  /**
   * Closed-question accuracy of greedy answers on {@code examples} (a hit when the normalized
   * ground truth is in the normalized answer, MMEDPO.md section 5) and the majority-answer rate.
   */
  public static double[] closedAccuracy(MedVlm model, List<TrainingExample> examples) {
    Map<String, Integer> answers = new HashMap<>();
    int hits = 0;
    int total = 0;
    Map<String, float[]> images = new HashMap<>();
    for (TrainingExample e : examples) {
      if (e.type() != ItemType.VQA_CLOSED) {
        continue;
      }
      float[] image = images.computeIfAbsent(e.studyId(), id -> model.prepare(e.image()));
      String answer = model.generate(image, e.prompt(), Decoding.greedy(8));
      hits += MedVqa.closedHit(e.response(), answer) ? 1 : 0;
      total++;
      answers.merge(MedVqa.normalize(e.response()), 1, Integer::sum);
    }
    int majority = answers.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    return new double[] {total == 0 ? 0 : (double) hits / total,
        total == 0 ? 0 : (double) majority / total, total};
  }

  private static List<VlmSample> samples(MedVlm model, List<TrainingExample> examples,
      Map<String, float[]> images) {
    List<VlmSample> out = new ArrayList<>(examples.size());
    for (TrainingExample e : examples) {
      float[] image = images.computeIfAbsent(e.studyId(), id -> model.prepare(e.image()));
      out.add(new VlmSample(image, e.prompt(), e.response()));
    }
    return out;
  }

  private static void restore(MedVlm model, byte[] parameters) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(parameters))) {
      ParameterIo.readParameters(in, model.parameters());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
