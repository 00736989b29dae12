package org.mmedpo.model;

/**
 * How {@link MedVlm#generate} picks tokens.
 *
 * @param temperature 0 for greedy decoding; otherwise logits are divided by it before sampling
 *     (the paper evaluates at 0.2)
 * @param maxNewTokens most tokens generated after the prompt (the paper: 64 for VQA)
 * @param seed seed of the sampling stream; the same seed gives the same text
 */
public record Decoding(double temperature, int maxNewTokens, long seed) {

  public Decoding {
    if (temperature < 0 || maxNewTokens <= 0) {
      throw new IllegalArgumentException("temperature must be >= 0 and maxNewTokens > 0");
    }
  }

  public static Decoding greedy(int maxNewTokens) {
    return new Decoding(0, maxNewTokens, 0);
  }

  public static Decoding sampled(double temperature, int maxNewTokens, long seed) {
    return new Decoding(temperature, maxNewTokens, seed);
  }
}
