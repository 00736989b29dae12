package org.mmedpo.ingest.mmedpo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.mmedpo.common.blob.BlobStore;
import org.mmedpo.events.ImageRef;
import org.mmedpo.events.PreferenceSample;

/**
 * Writes preference samples in the released MMedPO format. Every sample is exported: imported ones
 * exactly as they were read (from their {@code ImportOrigin}), pipeline ones built from the sample
 * with images named {@code <sha256>.png}. Imported samples come first, in their source file and id
 * order; then the others by sample id.
 */
public final class MmedpoExporter {

  private MmedpoExporter() {}

  /**
   * The JSON array of {@code samples}.
   *
   * @param onlyImported leave out samples the pipeline made
   */
  public static ArrayNode toJson(List<PreferenceSample> samples, boolean onlyImported) throws IOException {
    List<PreferenceSample> sorted = new ArrayList<>(samples);
    sorted.removeIf(s -> onlyImported && s.getImported() == null);
    sorted.sort(ORDER);
    ArrayNode array = MmedpoFormat.JSON.createArrayNode();
    for (PreferenceSample sample : sorted) {
      array.add(MmedpoFormat.toItem(sample));
    }
    return array;
  }

  /** Writes the array to {@code file}, and, when {@code images} is given, the samples' images there. */
  public static int write(List<PreferenceSample> samples, boolean onlyImported, Path file, Path images,
      BlobStore blobs) throws IOException {
    ArrayNode array = toJson(samples, onlyImported);
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    MmedpoFormat.JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), array);
    if (images != null) {
      Files.createDirectories(images);
      for (PreferenceSample s : samples) {
        if (s.getImported() == null) {
          for (ImageRef ref : new ImageRef[] {s.getChosenImage(), s.getRejectedImage()}) {
            if (ref != null && !Files.exists(images.resolve(MmedpoFormat.imageName(ref)))) {
              Files.write(images.resolve(MmedpoFormat.imageName(ref)), blobs.get(ref.getUri().toString()));
            }
          }
        }
      }
    }
    return array.size();
  }

  private static final Comparator<PreferenceSample> ORDER = Comparator
      .comparing((PreferenceSample s) -> s.getImported() == null)
      .thenComparing(s -> s.getProvenance().getSource().toString())
      .thenComparing((a, b) -> compareIds(a, b));

  private static int compareIds(PreferenceSample a, PreferenceSample b) {
    if (a.getImported() != null && b.getImported() != null && a.getImported().getIdIsNumber()
        && b.getImported().getIdIsNumber()) {
      return new java.math.BigInteger(a.getImported().getId().toString())
          .compareTo(new java.math.BigInteger(b.getImported().getId().toString()));
    }
    return a.getSampleId().toString().compareTo(b.getSampleId().toString());
  }
}
