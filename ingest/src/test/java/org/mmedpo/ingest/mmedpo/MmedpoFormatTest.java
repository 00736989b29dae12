package org.mmedpo.ingest.mmedpo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmedpo.common.blob.LocalBlobStore;
import org.mmedpo.events.DispreferenceKind;
import org.mmedpo.events.ItemType;
import org.mmedpo.events.PreferenceSample;
import org.mmedpo.events.WeightScheme;

public class MmedpoFormatTest {

  /**
   * The released VQA-RAD file: the system property {@code mmedpo.released.json}, else
   * {@code shared/data/mmedpo-released/} in the working folder or one of its parents (the repository
   * sits beside shared/ in development and in CI). The test is about this real file: no skip.
   */
  static final Path RELEASED = released();

  public static Path released() {
    String configured = System.getProperty("mmedpo.released.json");
    if (configured != null) {
      return Path.of(configured);
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("shared/data/mmedpo-released/vqa-rad_dpo_weighted.json");
      if (Files.exists(candidate)) {
        return candidate;
      }
    }
    return Path.of("/work/shared/data/mmedpo-released/vqa-rad_dpo_weighted.json");
  }

  @TempDir Path dir;

  /** JSON equality with numbers compared by value (1 equals 1.0). */
  public static boolean sameJson(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    if (a.isObject() && b.isObject()) {
      if (a.size() != b.size()) {
        return false;
      }
      var names = a.fieldNames();
      while (names.hasNext()) {
        String n = names.next();
        if (!b.has(n) || !sameJson(a.get(n), b.get(n))) {
          return false;
        }
      }
      return true;
    }
    if (a.isArray() && b.isArray()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        if (!sameJson(a.get(i), b.get(i))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  @Test
  void shouldImportEveryReleasedItemAndExportTheSameItems() throws Exception {
    MmedpoImporter.Result result = MmedpoImporter.read(RELEASED, null, new LocalBlobStore(dir.resolve("blobs")));
    assertThat(result.itemsIn()).isEqualTo(1797);
    assertThat(result.deadLetters()).isEmpty();
    assertThat(result.samples()).hasSize(1797);
    PreferenceSample first = result.samples().get(0).sample();
    assertThat(first.getPrompt()).isEqualTo("Are regions of the brain infarcted?");
    assertThat(first.getChosenText()).isEqualTo("Yes");
    assertThat(first.getItemType()).isEqualTo(ItemType.VQA_CLOSED);
    assertThat(first.getKind()).isEqualTo(DispreferenceKind.TEXT_HALLUCINATION);
    assertThat(first.getWeightScheme()).isEqualTo(WeightScheme.RAW);
    assertThat(first.getImported().getImageStatus()).isEqualTo("not-requested");
    assertThat(first.getChosenImage()).isNull();

    List<PreferenceSample> samples = result.samples().stream().map(MmedpoImporter.Imported::sample).toList();
    java.util.ArrayList<PreferenceSample> shuffled = new java.util.ArrayList<>(samples);
    java.util.Collections.shuffle(shuffled, new java.util.Random(3));
    JsonNode exported = MmedpoExporter.toJson(shuffled, false);
    JsonNode original = new ObjectMapper().readTree(RELEASED.toFile());
    assertThat(sameJson(original, exported)).isTrue();
  }

  @Test
  void shouldStoreFoundImagesAndRecordMissingOnesWithoutFakingThem() throws Exception {
    Path images = Files.createDirectories(dir.resolve("images"));
    BufferedImage picture = new BufferedImage(8, 6, BufferedImage.TYPE_BYTE_GRAY);
    picture.getRaster().setSample(3, 2, 0, 200);
    ImageIO.write(picture, "png", images.resolve("a.png").toFile());
    String json = """
        [{"id": 1, "image": "a.png", "conversations": [{"from": "human", "value": "<image>\\nWhere?"},
          {"from": "gpt", "value": "left lung"}], "rejected_conversations": [{"from": "human",
          "value": "<image>\\nWhere?"}, {"from": "gpt", "value": "left lung"}], "weighted_score": 0.8,
          "rejected_image": "noised/a.png"},
         {"id": 2, "image": "../../etc/passwd", "conversations": [{"from": "human", "value": "<image>\\nQ?"},
          {"from": "gpt", "value": "No"}], "rejected_conversations": [{"from": "human", "value": "<image>\\nQ?"},
          {"from": "gpt", "value": "Yes, clearly."}], "weighted_score": 1},
         {"id": 2, "image": "a.png", "conversations": [], "rejected_conversations": [], "weighted_score": 1},
         {"image": "a.png"}]
        """;
    Path file = Files.writeString(dir.resolve("mini.json"), json);
    LocalBlobStore blobs = new LocalBlobStore(dir.resolve("blobs"));
    MmedpoImporter.Result result = MmedpoImporter.read(file, images, blobs);
    assertThat(result.itemsIn()).isEqualTo(4);
    assertThat(result.samples()).hasSize(2);
    assertThat(result.deadLetters()).extracting(d -> d.getReason().toString())
        .containsExactly("conversations has no human turn", "missing or invalid id");
    PreferenceSample visual = result.samples().get(0).sample();
    assertThat(visual.getKind()).isEqualTo(DispreferenceKind.LESION_NEGLECT);
    assertThat(visual.getItemType()).isEqualTo(ItemType.VQA_OPEN);
    assertThat(visual.getChosenImage()).isNotNull();
    assertThat(visual.getChosenImage().getWidth()).isEqualTo(8);
    assertThat(blobs.contains(visual.getChosenImage().getSha256().toString())).isTrue();
    assertThat(visual.getRejectedImage()).isNull();
    assertThat(visual.getImported().getImageStatus()).isEqualTo("missing");
    PreferenceSample outside = result.samples().get(1).sample();
    assertThat(outside.getChosenImage()).isNull();
    assertThat(outside.getImported().getImageStatus()).isEqualTo("missing");
    JsonNode back = MmedpoExporter.toJson(List.of(visual), false).get(0);
    assertThat(back.get("rejected_image").asText()).isEqualTo("noised/a.png");
    assertThat(back.get("weighted_score").asDouble()).isEqualTo(0.8);
  }
}
