package org.mmedpo.model.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.List;
import org.mmedpo.model.ModelConfig;
import org.mmedpo.model.TorchOwned;
import org.mmedpo.model.text.PromptTemplate;

/**
 * The compact VLM as one DJL block.
 *
 * <ul>
 *   <li>Image encoder: a ViT. Non-overlapping {@code patchSize} patches of the 1-channel input
 *       (a strided convolution), learned position embeddings, {@code visionLayers} pre-LN
 *       transformer layers with bidirectional attention, a final LayerNorm.
 *   <li>Projector: linear, GELU, linear, into the decoder's width (LLaVA-1.5's 2-layer MLP).
 *   <li>Decoder: token embeddings; the projected image tokens take the place of the
 *       {@code <image>} token; learned positions; {@code layers} pre-LN causal transformer
 *       layers (LayerNorm, not DJL's BatchNorm-based encoder block); final LayerNorm; the output
 *       head shares the token embedding matrix.
 * </ul>
 *
 * <p>Every operation is called on an activation (never on a parameter array), so intermediate
 * arrays belong to the caller's per-batch manager and are freed when it closes. Constants enter
 * the graph as {@link TorchOwned} arrays, never as {@code Number} operands (see there why).
 *
 * <p>{@link #forward} takes {@code (images [B,1,S,S] float32, tokens [B,T] int64)} and returns
 * the logits {@code [B, T-2, V]} that predict tokens {@code 2..T-1} (position 0 is {@code
 * USER:} and position 1 the image, which are never predicted).
 */
public final class VlmNet extends AbstractBlock {

  private static final float LN_EPS = 1e-5f;

  private final ModelConfig config;
  private final int vocabSize;

  public VlmNet(ModelConfig config, int vocabSize) {
    super((byte) 1);
    this.config = config;
    this.vocabSize = vocabSize;
    int p = config.patchSize();
    int dv = config.visionWidth();
    int d = config.width();
    int n = config.imageTokens();
    double std = 0.02;
    param("vision.patch.w", new Shape(dv, 1, p, p), SeededInitializer.Kind.NORMAL, 1.0 / p);
    param("vision.patch.b", new Shape(dv), SeededInitializer.Kind.ZEROS, 0);
    param("vision.pos", new Shape(1, n, dv), SeededInitializer.Kind.NORMAL, std);
    for (int i = 0; i < config.visionLayers(); i++) {
      layerParams("vision." + i, dv, config.visionLayers());
    }
    lnParams("vision.ln", dv);
    param("proj.fc1.w", new Shape(d, dv), SeededInitializer.Kind.NORMAL, 1.0 / Math.sqrt(dv));
    param("proj.fc1.b", new Shape(d), SeededInitializer.Kind.ZEROS, 0);
    param("proj.fc2.w", new Shape(d, d), SeededInitializer.Kind.NORMAL, 1.0 / Math.sqrt(d));
    param("proj.fc2.b", new Shape(d), SeededInitializer.Kind.ZEROS, 0);
    param("text.embed", new Shape(vocabSize, d), SeededInitializer.Kind.NORMAL, std);
    param("text.pos", new Shape(1, n + config.maxTextTokens(), d), SeededInitializer.Kind.NORMAL,
        std);
    for (int i = 0; i < config.layers(); i++) {
      layerParams("decoder." + i, d, config.layers());
    }
    lnParams("decoder.ln", d);
  }

  private void layerParams(String prefix, int w, int depth) {
    int hidden = w * config.mlpRatio();
    double std = 0.02;
    double residualStd = 0.02 / Math.sqrt(2.0 * depth);
    lnParams(prefix + ".ln1", w);
    param(prefix + ".attn.qkv.w", new Shape(3L * w, w), SeededInitializer.Kind.NORMAL, std);
    param(prefix + ".attn.qkv.b", new Shape(3L * w), SeededInitializer.Kind.ZEROS, 0);
    param(prefix + ".attn.out.w", new Shape(w, w), SeededInitializer.Kind.NORMAL, residualStd);
    param(prefix + ".attn.out.b", new Shape(w), SeededInitializer.Kind.ZEROS, 0);
    lnParams(prefix + ".ln2", w);
    param(prefix + ".mlp.fc1.w", new Shape(hidden, w), SeededInitializer.Kind.NORMAL, std);
    param(prefix + ".mlp.fc1.b", new Shape(hidden), SeededInitializer.Kind.ZEROS, 0);
    param(prefix + ".mlp.fc2.w", new Shape(w, hidden), SeededInitializer.Kind.NORMAL, residualStd);
    param(prefix + ".mlp.fc2.b", new Shape(w), SeededInitializer.Kind.ZEROS, 0);
  }

  private void lnParams(String prefix, int w) {
    param(prefix + ".gamma", new Shape(w), SeededInitializer.Kind.ONES, 0);
    param(prefix + ".beta", new Shape(w), SeededInitializer.Kind.ZEROS, 0);
  }

  private void param(String name, Shape shape, SeededInitializer.Kind kind, double std) {
    Parameter.Type type = name.endsWith(".b") || name.endsWith(".beta")
        ? Parameter.Type.BIAS
        : name.endsWith(".gamma") ? Parameter.Type.GAMMA : Parameter.Type.WEIGHT;
    addParameter(Parameter.builder().setName(name).setType(type).optShape(shape)
        .optInitializer(new SeededInitializer(kind, std, config.seed(), name)).build());
  }

  public ModelConfig config() {
    return config;
  }

  public int vocabSize() {
    return vocabSize;
  }

  /** Parameters in a fixed order (the order of definition), for optimizers and checkpoints. */
  public List<Parameter> orderedParameters() {
    return List.copyOf(parameters.values());
  }

  /** Creates every parameter array on {@code manager}. */
  public void initialize(NDManager manager) {
    initialize(manager, DataType.FLOAT32,
        new Shape(1, 1, config.imageSize(), config.imageSize()), new Shape(1, 4));
  }

  private NDArray w(String name) {
    return parameters.get(name).getArray();
  }

  /** Image tokens in the decoder's width: {@code [B,1,S,S] -> [B,N,D]}. */
  public NDArray encodeImage(NDArray images) {
    long b = images.getShape().get(0);
    int dv = config.visionWidth();
    int n = config.imageTokens();
    int p = config.patchSize();
    NDArray x = Conv2d.conv2d(images, w("vision.patch.w"), w("vision.patch.b"), new Shape(p, p))
        .singletonOrThrow();
    x = x.reshape(b, dv, n).transpose(0, 2, 1);
    x = x.add(w("vision.pos"));
    for (int i = 0; i < config.visionLayers(); i++) {
      x = layer("vision." + i, x, dv, null);
    }
    x = layerNorm("vision.ln", x, dv);
    x = Linear.linear(x, w("proj.fc1.w"), w("proj.fc1.b")).singletonOrThrow();
    x = Activation.gelu(x);
    return Linear.linear(x, w("proj.fc2.w"), w("proj.fc2.b")).singletonOrThrow();
  }

  /**
   * Final hidden states of the decoder, {@code [B, N + T - 1, D]}: token 0, the N image tokens in
   * place of token 1, then tokens 2..T-1. The state at combined position {@code N + t - 2}
   * predicts token {@code t} (t >= 2).
   */
  public NDArray decode(NDArray imageTokens, NDArray tokens) {
    NDManager m = tokens.getManager();
    long t = tokens.getShape().get(1);
    int n = config.imageTokens();
    int d = config.width();
    if (t < 2 || t > config.maxTextTokens()) {
      throw new IllegalArgumentException("token sequence of length " + t + " outside [2, "
          + config.maxTextTokens() + "]");
    }
    NDArray emb = Embedding.embedding(tokens, w("text.embed"), SparseFormat.DENSE)
        .singletonOrThrow();
    NDArray x = emb.get(new NDIndex(":, 0:1"))
        .concat(imageTokens, 1)
        .concat(emb.get(new NDIndex(":, {}:", PromptTemplate.IMAGE_POSITION + 1)), 1);
    long len = n + t - 1;
    x = x.add(w("text.pos").get(m, new NDIndex(":, 0:{}", len)));
    NDArray mask = causalMask(m, (int) len);
    for (int i = 0; i < config.layers(); i++) {
      x = layer("decoder." + i, x, d, mask);
    }
    return layerNorm("decoder.ln", x, d);
  }

  /** Next-token logits {@code [..., V]} of hidden states {@code [..., D]} (tied head). */
  public NDArray logits(NDArray hidden) {
    return Linear.linear(hidden, w("text.embed")).singletonOrThrow();
  }

  /** Logits {@code [B, T-2, V]} predicting tokens 2..T-1. */
  public NDArray forward(NDArray images, NDArray tokens) {
    NDArray hidden = decode(encodeImage(images), tokens);
    long t = tokens.getShape().get(1);
    int n = config.imageTokens();
    return logits(hidden.get(new NDIndex(":, {}:{}", n, n + t - 2)));
  }

  private NDArray layer(String prefix, NDArray x, int width, NDArray mask) {
    NDArray h = layerNorm(prefix + ".ln1", x, width);
    x = x.add(attention(prefix + ".attn", h, width, mask));
    h = layerNorm(prefix + ".ln2", x, width);
    NDArray f = Linear.linear(h, w(prefix + ".mlp.fc1.w"), w(prefix + ".mlp.fc1.b"))
        .singletonOrThrow();
    f = Activation.gelu(f);
    f = Linear.linear(f, w(prefix + ".mlp.fc2.w"), w(prefix + ".mlp.fc2.b")).singletonOrThrow();
    return x.add(f);
  }

  private NDArray attention(String prefix, NDArray h, int width, NDArray mask) {
    long b = h.getShape().get(0);
    long len = h.getShape().get(1);
    int heads = config.heads();
    int dh = width / heads;
    NDArray qkv = Linear.linear(h, w(prefix + ".qkv.w"), w(prefix + ".qkv.b")).singletonOrThrow();
    qkv = qkv.reshape(b, len, 3, heads, dh).transpose(2, 0, 3, 1, 4);
    NDArray q = qkv.get(0);
    NDArray k = qkv.get(1);
    NDArray v = qkv.get(2);
    NDArray scale = TorchOwned.scalar(h.getManager(), 1.0f / (float) Math.sqrt(dh));
    NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).mul(scale);
    if (mask != null) {
      scores = scores.add(mask);
    }
    NDArray out = scores.softmax(-1).matMul(v).transpose(0, 2, 1, 3).reshape(b, len, width);
    return Linear.linear(out, w(prefix + ".out.w"), w(prefix + ".out.b")).singletonOrThrow();
  }

  private NDArray layerNorm(String prefix, NDArray x, int width) {
    return LayerNorm.layerNorm(x, new Shape(width), w(prefix + ".gamma"), w(prefix + ".beta"),
        LN_EPS).singletonOrThrow();
  }

  private static NDArray causalMask(NDManager manager, int len) {
    float[] mask = new float[len * len];
    for (int i = 0; i < len; i++) {
      for (int j = i + 1; j < len; j++) {
        mask[i * len + j] = -1e9f;
      }
    }
    return TorchOwned.floats(manager, mask, new Shape(len, len));
  }

  @Override
  protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
      PairList<String, Object> params) {
    return new NDList(forward(inputs.get(0), inputs.get(1)));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape tokens = inputShapes[1];
    return new Shape[] {new Shape(tokens.get(0), tokens.get(1) - 2, vocabSize)};
  }

  @Override
  protected void saveMetadata(DataOutputStream os) {
    // The archive stores the configuration; parameters are written by ParameterIo.
  }

  @Override
  public void loadMetadata(byte loadVersion, DataInputStream is) {
    // See saveMetadata.
  }
}
