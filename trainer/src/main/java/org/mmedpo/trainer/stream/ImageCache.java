package org.mmedpo.trainer.stream;

import java.util.LinkedHashMap;
import java.util.Map;
import org.mmedpo.common.blob.BlobStore;
import org.mmedpo.common.image.PngCodec;
import org.mmedpo.events.ImageRef;
import org.mmedpo.model.MedVlm;

/**
 * Prepared model inputs of images fetched from the blob store by {@link ImageRef}, kept by
 * SHA-256 (a text-dispreference pair uses the same image twice, and neighbouring samples often
 * share a study). Fetching verifies the blob's hash against the reference.
 */
public final class ImageCache {

  private final BlobStore blobs;
  private final Map<String, float[]> prepared;

  public ImageCache(BlobStore blobs, int capacity) {
    this.blobs = blobs;
    this.prepared = new LinkedHashMap<>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
        return size() > capacity;
      }
    };
  }

  /**
   * The prepared image of {@code ref} for {@code model}.
   *
   * @throws IllegalArgumentException when the reference is missing, the blob is absent or corrupt,
   *     or the bytes are not a grey PNG
   */
  public float[] get(ImageRef ref, MedVlm model) {
    if (ref == null) {
      throw new IllegalArgumentException("sample has no image");
    }
    float[] cached = prepared.get(ref.getSha256());
    if (cached != null) {
      return cached;
    }
    byte[] bytes;
    try {
      bytes = blobs.get(ref.getUri());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("image blob unavailable: " + e.getMessage(), e);
    }
    String sha = org.mmedpo.common.blob.Sha256.hex(bytes);
    if (!sha.equals(ref.getSha256())) {
      throw new IllegalArgumentException("image blob " + ref.getUri() + " has SHA-256 " + sha
          + ", the reference says " + ref.getSha256());
    }
    float[] image = model.prepare(PngCodec.decode(bytes));
    prepared.put(ref.getSha256(), image);
    return image;
  }
}
