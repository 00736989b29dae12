package org.mmedpo.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.mmedpo.common.image.GrayImage;
import org.mmedpo.model.archive.ArchiveMetadata;
import org.mmedpo.model.archive.ModelArchive;
import org.mmedpo.model.image.Heatmap;
import org.mmedpo.model.image.ImagePreprocessor;
import org.mmedpo.model.net.ParameterIo;
import org.mmedpo.model.net.VlmNet;
import org.mmedpo.model.text.PromptTemplate;
import org.mmedpo.model.text.Tokenizer;

/**
 * The compact medical VLM with its tokenizer and preprocessing: what the trainer trains and what
 * the stream processors and evaluation call.
 *
 * <p>Inference methods ({@link #logProbs}, {@link #generate}, {@link #sample}, {@link #saliency})
 * may be called from several threads; each call works in its own NDArray sub-manager, closed
 * before it returns. Training code uses {@link #responseLogProbs} on a manager it owns.
 *
 * <p>A model loaded with {@code trainable=false} has frozen parameters: no gradient is ever
 * recorded for them (the DPO reference, the processors' copies).
 */
public final class MedVlm implements AutoCloseable {

  /** Samples per forward pass in {@link #logProbs}. */
  private static final int INFERENCE_BATCH = 16;

  private final ModelConfig config;
  private final Tokenizer tokenizer;
  private final NDManager manager;
  private final VlmNet net;
  private final ImagePreprocessor preprocessor;
  private volatile ArchiveMetadata metadata;

  private MedVlm(ModelConfig config, Tokenizer tokenizer, ArchiveMetadata metadata, Device device,
      boolean trainable) {
    this.config = config;
    this.tokenizer = tokenizer;
    this.metadata = metadata;
    this.manager = NDManager.newBaseManager(device);
    this.net = new VlmNet(config, tokenizer.size());
    this.net.initialize(manager);
    if (!trainable) {
      for (Parameter p : net.orderedParameters()) {
        p.getArray().setRequiresGradient(false);
      }
    }
    this.preprocessor = new ImagePreprocessor(config.imageSize());
  }

  /** A freshly initialized (untrained) trainable model. */
  public static MedVlm create(ModelConfig config, Tokenizer tokenizer, Device device) {
    return new MedVlm(config, tokenizer, ArchiveMetadata.untrained(), device, true);
  }

  /**
   * Loads archive bytes ({@link #toArchive}).
   *
   * @param trainable false to freeze every parameter (inference and the DPO reference)
   * @throws IllegalArgumentException when the bytes are not a model archive
   */
  public static MedVlm load(byte[] archiveBytes, Device device, boolean trainable) {
    ModelArchive archive = ModelArchive.fromBytes(archiveBytes);
    MedVlm model = new MedVlm(archive.config(), archive.tokenizer(), archive.metadata(), device,
        trainable);
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(archive.parameters()))) {
      ParameterIo.readParameters(in, model.parameters());
    } catch (IOException e) {
      model.close();
      throw new IllegalArgumentException("model archive parameters do not match: " + e.getMessage(),
          e);
    }
    return model;
  }

  /** The archive of this model with {@code metadata} (which also becomes this model's). */
  public byte[] toArchive(ArchiveMetadata newMetadata) {
    this.metadata = newMetadata;
    return new ModelArchive(config, tokenizer, newMetadata, parameterBytes()).toBytes();
  }

  /** The parameters in {@link ParameterIo} form. */
  public byte[] parameterBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      ParameterIo.writeParameters(out, parameters());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** A copy with the same parameters (frozen when {@code trainable} is false). */
  public MedVlm copy(boolean trainable) {
    return load(toArchive(metadata), manager.getDevice(), trainable);
  }

  public ModelConfig config() {
    return config;
  }

  public Tokenizer tokenizer() {
    return tokenizer;
  }

  public ArchiveMetadata metadata() {
    return metadata;
  }

  public NDManager manager() {
    return manager;
  }

  public VlmNet net() {
    return net;
  }

  /** Parameters in their fixed order. */
  public List<Parameter> parameters() {
    return net.orderedParameters();
  }

  /** Number of scalar parameters. */
  public long parameterCount() {
    long n = 0;
    for (Parameter p : parameters()) {
      n += p.getShape().size();
    }
    return n;
  }

  /** The model input of a radiograph: resized to imageSize^2 and standardized. */
  public float[] prepare(GrayImage image) {
    return preprocessor.apply(image);
  }

  /**
   * The response log-probs of {@code samples} as arrays on {@code batchManager}, part of the
   * autograd graph when a gradient collector is open. Prompt tokens and padding are masked.
   */
  public ResponseLogProbs responseLogProbs(NDManager batchManager, List<VlmSample> samples) {
    int b = samples.size();
    int s = config.imageSize();
    List<PromptTemplate.Encoded> encoded = new ArrayList<>(b);
    int maxLen = 3;
    for (VlmSample sample : samples) {
      PromptTemplate.Encoded e = PromptTemplate.encode(tokenizer, sample.prompt(),
          sample.response(), config.maxTextTokens());
      encoded.add(e);
      maxLen = Math.max(maxLen, e.tokens().length);
    }
    // Pad to a multiple of 8 tokens: fewer distinct shapes for the engine's kernel caches.
    maxLen = Math.min(Math.max(maxLen, ((maxLen + 7) / 8) * 8), config.maxTextTokens());
    float[] pixels = new float[b * s * s];
    long[] tokens = new long[b * maxLen];
    long[] targets = new long[b * (maxLen - 2)];
    float[] mask = new float[b * (maxLen - 2)];
    for (int i = 0; i < b; i++) {
      float[] image = samples.get(i).image();
      if (image.length != s * s) {
        throw new IllegalArgumentException("image of " + image.length + " floats, expected "
            + s * s + " (use prepare())");
      }
      System.arraycopy(image, 0, pixels, i * s * s, s * s);
      PromptTemplate.Encoded e = encoded.get(i);
      int[] t = e.tokens();
      for (int j = 0; j < t.length; j++) {
        tokens[i * maxLen + j] = t[j];
      }
      for (int j = 2; j < t.length; j++) {
        targets[i * (maxLen - 2) + j - 2] = t[j];
        mask[i * (maxLen - 2) + j - 2] = j >= e.responseStart() ? 1f : 0f;
      }
    }
    NDArray images = TorchOwned.floats(batchManager, pixels, new Shape(b, 1, s, s));
    NDArray tokenArray = TorchOwned.longs(batchManager, tokens, new Shape(b, maxLen));
    NDArray targetArray = TorchOwned.longs(batchManager, targets, new Shape(b, maxLen - 2, 1));
    NDArray maskArray = TorchOwned.floats(batchManager, mask, new Shape(b, maxLen - 2));
    NDArray logits = net.forward(images, tokenArray);
    NDArray perToken = logits.logSoftmax(-1).gather(targetArray, 2).squeeze(2).mul(maskArray);
    return new ResponseLogProbs(perToken, maskArray, perToken.sum(new int[] {1}));
  }

  /** log pi(response | image, prompt) of each sample, summed over response tokens; no gradient. */
  public double[] logProbs(List<VlmSample> samples) {
    double[] out = new double[samples.size()];
    Autograd.noGrad(() -> {
      for (int from = 0; from < samples.size(); from += INFERENCE_BATCH) {
        List<VlmSample> chunk = samples.subList(from, Math.min(samples.size(),
            from + INFERENCE_BATCH));
        try (NDManager m = manager.newSubManager()) {
          float[] sums = responseLogProbs(m, chunk).sum().toFloatArray();
          for (int i = 0; i < sums.length; i++) {
            out[from + i] = sums[i];
          }
        }
      }
      return null;
    });
    return out;
  }

  /** The response to {@code prompt} about {@code image} (a prepared image). */
  public String generate(float[] image, String prompt, Decoding decoding) {
    return sample(image, prompt, 1, decoding).get(0);
  }

  /**
   * {@code n} responses to {@code prompt} about {@code image}, each decoded independently with
   * the sampling stream {@code decoding.seed() + i} (the hallucination generator's candidates).
   */
  public List<String> sample(float[] image, String prompt, int n, Decoding decoding) {
    int[] promptTokens = PromptTemplate.prompt(tokenizer, prompt, config.maxTextTokens() - 1);
    return Autograd.noGrad(() -> {
      List<String> out = new ArrayList<>(n);
      try (NDManager m = manager.newSubManager()) {
        int s = config.imageSize();
        NDArray imageTokens = net.encodeImage(TorchOwned.floats(m, image, new Shape(1, 1, s, s)));
        for (int i = 0; i < n; i++) {
          out.add(decodeOne(m, imageTokens, promptTokens, decoding,
              new SplittableRandom(decoding.seed() + i)));
        }
      }
      return out;
    });
  }

  private String decodeOne(NDManager m, NDArray imageTokens, int[] promptTokens,
      Decoding decoding, SplittableRandom random) {
    int[] tokens = Arrays.copyOf(promptTokens, promptTokens.length + decoding.maxNewTokens());
    int len = promptTokens.length;
    int n = config.imageTokens();
    int produced = 0;
    while (produced < decoding.maxNewTokens() && len < config.maxTextTokens()) {
      float[] logits;
      try (NDManager step = m.newSubManager()) {
        long[] ids = new long[len];
        for (int j = 0; j < len; j++) {
          ids[j] = tokens[j];
        }
        NDArray hidden = net.decode(imageTokens, TorchOwned.longs(step, ids, new Shape(1, len)));
        logits = net.logits(hidden.get(new NDIndex(":, {}", n + len - 2))).toFloatArray();
      }
      int next = pick(logits, decoding.temperature(), random);
      tokens[len++] = next;
      produced++;
      if (next == tokenizer.eosId()) {
        break;
      }
    }
    return tokenizer.decode(Arrays.copyOfRange(tokens, promptTokens.length, len));
  }

  private int pick(float[] logits, double temperature, SplittableRandom random) {
    // Never emit padding, the unknown word, the image marker or a role marker.
    for (int id : new int[] {tokenizer.padId(), tokenizer.unkId(), tokenizer.imageId(),
        tokenizer.userId(), tokenizer.assistantId()}) {
      logits[id] = Float.NEGATIVE_INFINITY;
    }
    int best = 0;
    for (int i = 1; i < logits.length; i++) {
      if (logits[i] > logits[best]) {
        best = i;
      }
    }
    if (temperature <= 0) {
      return best;
    }
    double[] p = new double[logits.length];
    double total = 0;
    for (int i = 0; i < logits.length; i++) {
      p[i] = Math.exp((logits[i] - logits[best]) / temperature);
      total += p[i];
    }
    double u = random.nextDouble() * total;
    for (int i = 0; i < p.length; i++) {
      u -= p[i];
      if (u <= 0) {
        return i;
      }
    }
    return best;
  }

  /**
   * Where the model looks when it believes {@code findingText} about {@code image}: the absolute
   * gradient of log pi(findingText | image, prompt) with respect to the input pixels, smoothed by
   * a 3x3 box filter and scaled to [0, 1], at the model's input resolution ({@link
   * Heatmap#resize} brings it back to the radiograph's size). Takes {@link Autograd#LOCK}.
   */
  public Heatmap saliency(GrayImage image, String prompt, String findingText) {
    int s = config.imageSize();
    float[] prepared = prepare(image);
    float[] grad;
    Autograd.LOCK.lock();
    try (NDManager m = manager.newSubManager();
        GradientCollector collector = Autograd.collector()) {
      NDArray input = TorchOwned.floats(m, prepared, new Shape(s, s));
      input.setRequiresGradient(true);
      List<VlmSample> one = List.of(new VlmSample(prepared, prompt, findingText));
      ResponseLogProbs lp = responseLogProbsOf(m, input.reshape(1, 1, s, s), one);
      collector.backward(lp.sum().sum());
      grad = input.getGradient().abs().toFloatArray();
    } finally {
      Autograd.LOCK.unlock();
    }
    float[] smooth = new float[s * s];
    for (int y = 0; y < s; y++) {
      for (int x = 0; x < s; x++) {
        float sum = 0;
        int count = 0;
        for (int dy = -1; dy <= 1; dy++) {
          for (int dx = -1; dx <= 1; dx++) {
            int yy = y + dy;
            int xx = x + dx;
            if (yy >= 0 && yy < s && xx >= 0 && xx < s) {
              sum += grad[yy * s + xx];
              count++;
            }
          }
        }
        smooth[y * s + x] = sum / count;
      }
    }
    return Heatmap.normalized(s, s, smooth);
  }

  /** Like {@link #responseLogProbs} but with an image array the caller made (for saliency). */
  private ResponseLogProbs responseLogProbsOf(NDManager m, NDArray images, List<VlmSample> samples) {
    VlmSample sample = samples.get(0);
    PromptTemplate.Encoded e = PromptTemplate.encode(tokenizer, sample.prompt(), sample.response(),
        config.maxTextTokens());
    int[] t = e.tokens();
    long[] tokens = new long[t.length];
    long[] targets = new long[t.length - 2];
    float[] mask = new float[t.length - 2];
    for (int j = 0; j < t.length; j++) {
      tokens[j] = t[j];
      if (j >= 2) {
        targets[j - 2] = t[j];
        mask[j - 2] = j >= e.responseStart() ? 1f : 0f;
      }
    }
    NDArray logits = net.forward(images, TorchOwned.longs(m, tokens, new Shape(1, t.length)));
    NDArray maskArray = TorchOwned.floats(m, mask, new Shape(1, t.length - 2));
    NDArray perToken = logits.logSoftmax(-1)
        .gather(TorchOwned.longs(m, targets, new Shape(1, t.length - 2, 1)), 2).squeeze(2)
        .mul(maskArray);
    return new ResponseLogProbs(perToken, maskArray, perToken.sum(new int[] {1}));
  }

  @Override
  public void close() {
    manager.close();
  }

  static DataType dataType() {
    return DataType.FLOAT32;
  }
}
