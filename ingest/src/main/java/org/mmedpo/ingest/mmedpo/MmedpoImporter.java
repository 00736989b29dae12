package org.mmedpo.ingest.mmedpo;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.mmedpo.common.blob.BlobStore;
import org.mmedpo.common.blob.Sha256;
import org.mmedpo.common.kafka.DeadLetters;
import org.mmedpo.events.DeadLetter;
import org.mmedpo.events.PreferenceSample;

/**
 * Reads a released MMedPO JSON file into preference samples. Items that are malformed, or repeat
 * an id, become dead letters (stage {@code import.mmedpo}); items in = samples + dead letters.
 */
public final class MmedpoImporter {

  /** What a file held. */
  public record Result(List<Imported> samples, List<DeadLetter> deadLetters, int itemsIn) {}

  /**
   * One sample with its de-duplication key: the sample id and the SHA-256 of the item's JSON, so
   * the same item imported twice is published once, and a changed item publishes an update.
   */
  public record Imported(PreferenceSample sample, String dedupeKey) {}

  private MmedpoImporter() {}

  /**
   * Reads {@code file}.
   *
   * @param images the images folder, or null
   * @throws IOException when the file is not a JSON array
   */
  public static Result read(Path file, Path images, BlobStore blobs) throws IOException {
    JsonNode root = MmedpoFormat.JSON.readTree(file.toFile());
    if (root == null || !root.isArray()) {
      throw new IOException(file + " is not a JSON array of MMedPO items");
    }
    String source = file.getFileName().toString().replaceFirst("\\.json$", "");
    List<Imported> samples = new ArrayList<>();
    List<DeadLetter> letters = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    int index = 0;
    for (JsonNode item : root) {
      String where = file.getFileName() + "#" + index++;
      try {
        PreferenceSample sample = MmedpoFormat.toSample(item, source, images, blobs);
        if (!ids.add(sample.getSampleId().toString())) {
          letters.add(DeadLetters.forFile("import.mmedpo", "duplicate id", "id " + item.get("id") + " repeats", null, where));
          continue;
        }
        String key = "import|" + sample.getSampleId() + "|" + Sha256.hex(item.toString().getBytes(StandardCharsets.UTF_8));
        samples.add(new Imported(sample, key));
      } catch (MmedpoFormat.ItemException e) {
        letters.add(DeadLetters.forFile("import.mmedpo", e.getMessage(), "", null, where));
      }
    }
    return new Result(samples, letters, index);
  }
}
