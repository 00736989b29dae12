package org.mmedpo.streams.model;

import java.util.LinkedHashMap;
import java.util.Map;
import org.mmedpo.common.blob.BlobCorruptException;
import org.mmedpo.common.blob.BlobNotFoundException;
import org.mmedpo.common.blob.BlobStore;
import org.mmedpo.common.blob.Sha256;
import org.mmedpo.common.image.GrayImage;
import org.mmedpo.common.image.PngCodec;
import org.mmedpo.events.ImageRef;
import org.mmedpo.model.MedVlm;
import org.mmedpo.streams.errors.RejectedRecordException;

/**
 * Radiographs by {@link ImageRef}, read from the blob store, checked against the reference's
 * SHA-256 and decoded, and their model inputs ({@link MedVlm#prepare}) kept by SHA-256 and input
 * size for the last {@code capacity} images: the items of a pair, and the text and image samples
 * of a pair, share images, and decoding a 512x512 PNG costs tens of milliseconds. The trainer
 * prepares images the same way, so log-probs computed here equal the trainer's. Thread-safe.
 */
public final class PreparedImages {

  private final BlobStore blobs;
  private final Map<String, float[]> prepared;

  public PreparedImages(BlobStore blobs, int capacity) {
    this.blobs = blobs;
    this.prepared = new LinkedHashMap<>(64, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
        return size() > capacity;
      }
    };
  }

  /**
   * The decoded image of {@code ref}.
   *
   * @throws RejectedRecordException {@code image not found}, {@code image corrupt} (the bytes do
   *     not match the reference's SHA-256) or {@code image unreadable}
   */
  public GrayImage image(ImageRef ref) {
    if (ref == null) {
      throw new RejectedRecordException("image not found", "no image reference");
    }
    byte[] bytes;
    try {
      bytes = blobs.get(ref.getUri());
    } catch (BlobNotFoundException e) {
      throw new RejectedRecordException("image not found", "no blob at " + ref.getUri(), e);
    } catch (BlobCorruptException e) {
      throw new RejectedRecordException("image corrupt", e.getMessage(), e);
    }
    String sha = Sha256.hex(bytes);
    if (!sha.equals(ref.getSha256())) {
      throw new RejectedRecordException("image corrupt", "blob " + ref.getUri() + " has SHA-256 "
          + sha + ", the reference says " + ref.getSha256());
    }
    try {
      return PngCodec.decode(bytes);
    } catch (IllegalArgumentException e) {
      throw new RejectedRecordException("image unreadable", e.getMessage(), e);
    }
  }

  /** The model input of {@code ref} for {@code model} (do not modify the array). */
  public float[] prepared(ImageRef ref, MedVlm model) {
    String key = ref == null ? "" : ref.getSha256() + "@" + model.config().imageSize();
    synchronized (prepared) {
      float[] cached = prepared.get(key);
      if (cached != null) {
        return cached;
      }
    }
    float[] input = model.prepare(image(ref));
    synchronized (prepared) {
      prepared.put(key, input);
    }
    return input;
  }
}
