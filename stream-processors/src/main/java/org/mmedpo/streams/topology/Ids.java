package org.mmedpo.streams.topology;

import java.nio.charset.StandardCharsets;

/** Deterministic ids and seeds: re-processing a pair gives the same variants, scores and samples. */
public final class Ids {

  private Ids() {}

  public static String textVariant(String pairId, String itemId) {
    return pairId + "/" + itemId + "/text";
  }

  public static String imageVariant(String pairId, String itemId) {
    return pairId + "/" + itemId + "/image";
  }

  public static String score(String variantId) {
    return variantId + "/score";
  }

  /** One sample per variant, so the sample shares its id. */
  public static String sample(String variantId) {
    return variantId;
  }

  /** A 64-bit seed from the configured seed and an id (FNV-1a, then a SplitMix64 finalizer). */
  public static long seed(long base, String id) {
    long h = 0xcbf29ce484222325L ^ base;
    for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    return h ^ (h >>> 33);
  }
}
