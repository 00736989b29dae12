package org.mmedpo.streams.lesion;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mmedpo.common.blob.BlobCorruptException;
import org.mmedpo.common.blob.BlobNotFoundException;
import org.mmedpo.common.blob.BlobStore;
import org.mmedpo.common.blob.StoredBlob;
import org.mmedpo.common.image.GrayImage;
import org.mmedpo.common.image.PngCodec;
import org.mmedpo.events.ImageRef;
import org.mmedpo.events.ImageReportPair;
import org.mmedpo.streams.errors.RejectedRecordException;
import org.mmedpo.streams.llm.Deadline;

/**
 * Makes the rejected image x* of a pair (MMedPO's D_v): fetches the image from the blob store, asks
 * the localizers in order until one finds the lesion, builds the mask, noises inside it, and stores
 * the noised image and the mask as PNG blobs. Thread-safe.
 */
public final class ImageDispreference {

  /**
   * The noised image and how it was made.
   *
   * @param noised the noised image
   * @param mask the mask (8-bit, 255 inside)
   * @param noiseStep diffusion step k, null in replace mode
   * @param noiseMode diffusion or replace
   * @param coverage fraction of the image inside the mask
   * @param confidence the localizer's confidence
   * @param localizer the localizer that found the region
   * @param finding what it localized
   * @param blobNanos time spent reading and writing blobs (the rest is localizing, masking, noising)
   * @param passedOver localizers asked before {@code localizer} that were unavailable, each as
   *     {@code name: reason} (e.g. saliency before a model version is published)
   */
  public record Result(ImageRef noised, ImageRef mask, Integer noiseStep, String noiseMode,
      double coverage, double confidence, String localizer, String finding, long blobNanos,
      List<String> passedOver) {}

  private final BlobStore blobs;
  private final List<LesionLocalizer> localizers;
  private final MaskBuilder masks;
  private final LesionNoiser noiser;

  public ImageDispreference(BlobStore blobs, List<LesionLocalizer> localizers, MaskBuilder masks,
      LesionNoiser noiser) {
    if (localizers.isEmpty()) {
      throw new IllegalArgumentException("at least one localizer is needed");
    }
    this.blobs = blobs;
    this.localizers = List.copyOf(localizers);
    this.masks = masks;
    this.noiser = noiser;
  }

  public List<LesionLocalizer> localizers() {
    return localizers;
  }

  /**
   * The lesion-noised image of {@code pair}.
   *
   * @throws RejectedRecordException when the image is missing or unreadable, no localizer finds a
   *     region, or the mask is empty
   */
  public Result make(ImageReportPair pair, long seed, Deadline deadline) {
    long loadStart = System.nanoTime();
    GrayImage image = load(pair.getImage());
    long blobNanos = System.nanoTime() - loadStart;
    LocalizationRequest request = new LocalizationRequest(pair, image, deadline);
    Localization found = null;
    List<String> passedOver = new ArrayList<>();
    for (LesionLocalizer localizer : localizers) {
      Optional<Localization> result = localizer.localize(request);
      if (result.isPresent()) {
        found = result.get();
        break;
      }
      localizer.unavailable().ifPresent(why -> passedOver.add(localizer.name() + ": " + why));
    }
    if (found == null) {
      throw new RejectedRecordException("no lesion region", "none of the localizers "
          + localizers.stream().map(LesionLocalizer::name).toList() + " found a region");
    }
    Mask mask = masks.build(found.heatmap(), image.width(), image.height());
    GrayImage noised = noiser.apply(image, mask, seed);
    byte[] noisedPng = PngCodec.encode(noised);
    byte[] maskPng = PngCodec.encode(mask.toImage());
    long storeStart = System.nanoTime();
    ImageRef noisedRef = store(noisedPng, pair.getImage(), noised.width(), noised.height(),
        pair.getImage().getBitsStored(), false);
    ImageRef maskRef = store(maskPng, pair.getImage(), mask.width(), mask.height(), 8, true);
    blobNanos += System.nanoTime() - storeStart;
    Integer step = noiser.mode() == LesionNoiser.Mode.DIFFUSION ? noiser.step() : null;
    return new Result(noisedRef, maskRef, step, noiser.mode().wireName(), mask.coverage(),
        found.confidence(), found.localizer(), found.finding(), blobNanos, List.copyOf(passedOver));
  }

  private GrayImage load(ImageRef ref) {
    byte[] bytes;
    try {
      bytes = blobs.get(ref.getUri());
    } catch (BlobNotFoundException e) {
      throw new RejectedRecordException("image not found", "no blob at " + ref.getUri(), e);
    } catch (BlobCorruptException e) {
      throw new RejectedRecordException("image corrupt", e.getMessage(), e);
    }
    try {
      return PngCodec.decode(bytes);
    } catch (IllegalArgumentException e) {
      throw new RejectedRecordException("image unreadable", e.getMessage(), e);
    }
  }

  private ImageRef store(byte[] png, ImageRef source, int width, int height, int bits, boolean isMask) {
    StoredBlob blob = blobs.put(png, "image/png");
    return ImageRef.newBuilder()
        .setUri(blob.uri())
        .setSha256(blob.sha256())
        .setMediaType("image/png")
        .setWidth(width)
        .setHeight(height)
        .setBitsStored(bits)
        .setPhotometricInterpretation("MONOCHROME2")
        .setModality(isMask ? null : source.getModality())
        .setWindowCenter(isMask ? null : source.getWindowCenter())
        .setWindowWidth(isMask ? null : source.getWindowWidth())
        .build();
  }
}
