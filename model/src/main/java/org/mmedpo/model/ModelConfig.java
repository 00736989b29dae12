package org.mmedpo.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Shape of the compact medical VLM. Saved inside every model archive, so a loaded model always
 * has the architecture it was trained with.
 *
 * @param imageSize side of the square model input, in pixels (images are resized to it)
 * @param patchSize side of one ViT patch, in pixels; {@code imageSize / patchSize} squared image
 *     tokens reach the decoder
 * @param visionWidth channels of the image encoder
 * @param visionLayers transformer layers of the image encoder (bidirectional attention)
 * @param width channels of the text decoder (the projector maps image tokens to it)
 * @param layers transformer layers of the text decoder (causal attention)
 * @param heads attention heads, in both encoders; must divide both widths
 * @param mlpRatio hidden size of each MLP as a multiple of its width
 * @param maxTextTokens longest prompt + response token sequence; longer responses are cut
 * @param seed seed of the parameter initialisation
 */
public record ModelConfig(
    @JsonProperty("imageSize") int imageSize,
    @JsonProperty("patchSize") int patchSize,
    @JsonProperty("visionWidth") int visionWidth,
    @JsonProperty("visionLayers") int visionLayers,
    @JsonProperty("width") int width,
    @JsonProperty("layers") int layers,
    @JsonProperty("heads") int heads,
    @JsonProperty("mlpRatio") int mlpRatio,
    @JsonProperty("maxTextTokens") int maxTextTokens,
    @JsonProperty("seed") long seed) {

  public ModelConfig {
    if (imageSize <= 0 || patchSize <= 0 || imageSize % patchSize != 0) {
      throw new IllegalArgumentException(
          "imageSize must be a positive multiple of patchSize: " + imageSize + "/" + patchSize);
    }
    if (heads <= 0 || width % heads != 0 || visionWidth % heads != 0) {
      throw new IllegalArgumentException(
          "heads must divide width and visionWidth: " + heads + ", " + width + ", " + visionWidth);
    }
    if (visionLayers < 0 || layers <= 0 || mlpRatio <= 0 || maxTextTokens < 4) {
      throw new IllegalArgumentException("invalid layer, mlp or text sizes");
    }
  }

  /**
   * The project's default: 64x64 input in 16x16 patches (16 image tokens), a 2-layer encoder of
   * width 96 and a 3-layer decoder of width 128 (about 0.9 M parameters with the synthetic
   * corpus's vocabulary). Sized so the SFT warm start fits in minutes on two CPU cores; 8x8
   * patches (64 image tokens) cost about twice as much per step.
   */
  public static ModelConfig defaults() {
    return new ModelConfig(64, 16, 96, 2, 128, 3, 4, 4, 96, 42);
  }

  /** A very small model for tests: 16x16 input, 4 image tokens, width 16, one layer each. */
  public static ModelConfig tiny() {
    return new ModelConfig(16, 8, 16, 1, 16, 1, 2, 2, 32, 7);
  }

  /** Image tokens per image. */
  public int imageTokens() {
    int side = imageSize / patchSize;
    return side * side;
  }
}
