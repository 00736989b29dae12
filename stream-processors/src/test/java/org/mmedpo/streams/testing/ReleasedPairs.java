package org.mmedpo.streams.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The released MMedPO VQA-RAD pairs (/work/shared/data/mmedpo-released, or the folder in
 * {@code MMEDPO_RELEASED_DIR}), read once per test class.
 */
public final class ReleasedPairs {

  /** One released pair. */
  public record Pair(int id, String question, String chosen, String rejected, double weightedScore) {}

  public static final String FILE = "vqa-rad_dpo_weighted.json";

  private ReleasedPairs() {}

  public static Path location() {
    String dir = System.getenv().getOrDefault("MMEDPO_RELEASED_DIR", "/work/shared/data/mmedpo-released");
    return Path.of(dir, FILE);
  }

  public static boolean available() {
    return Files.isRegularFile(location());
  }

  public static List<Pair> load() {
    try {
      JsonNode root = new ObjectMapper().readTree(location().toFile());
      List<Pair> pairs = new ArrayList<>();
      for (JsonNode item : root) {
        String question = item.get("conversations").get(0).get("value").asText()
            .replace("<image>", "").strip();
        pairs.add(new Pair(item.get("id").asInt(), question,
            item.get("conversations").get(1).get("value").asText().strip(),
            item.get("rejected_conversations").get(1).get("value").asText().strip(),
            item.get("weighted_score").asDouble()));
      }
      return pairs;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
