package org.mmedpo.ingest.sidecar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.mmedpo.events.VqaAnswerType;
import org.mmedpo.events.VqaItem;

/**
 * A ground-truth sidecar ({@value #FILE_NAME}): which study it describes (by Study Instance UID,
 * never by patient data), its findings with boxes and mask files, and its Med-VQA items.
 *
 * @param studyInstanceUid the study it describes
 * @param findings the findings; empty for a normal study
 * @param vqa question-answer items
 */
public record GroundTruth(String studyInstanceUid, List<Finding> findings, List<VqaItem> vqa) {

  /** File name of the sidecar in a study folder. */
  public static final String FILE_NAME = "ground-truth.json";
  /** Value of the {@code format} field. */
  public static final String FORMAT = "mmedpo-ground-truth/1";

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One finding: lexicon label, side, location, severity, bounding box in pixels, and the mask
   * file (8-bit PNG, 255 inside) relative to the sidecar's folder, or null.
   */
  public record Finding(String label, String laterality, String location, String severity,
      int x, int y, int width, int height, String maskFile) {}

  /** True when the JSON object is a sidecar (its {@code format} field says so). */
  public static boolean isSidecar(JsonNode root) {
    return root.isObject() && FORMAT.equals(root.path("format").asText());
  }

  /** Reads a sidecar; {@link IOException} for malformed JSON or missing fields. */
  public static GroundTruth parse(byte[] json) throws IOException {
    JsonNode root = JSON.readTree(json);
    if (root == null || !isSidecar(root)) {
      throw new IOException("not a ground-truth sidecar (format is not " + FORMAT + ")");
    }
    return fromJson(root);
  }

  static GroundTruth fromJson(JsonNode root) throws IOException {
    String uid = text(root, "studyInstanceUid");
    List<Finding> findings = new ArrayList<>();
    for (JsonNode f : root.path("findings")) {
      JsonNode box = f.path("box");
      findings.add(new Finding(text(f, "label"), optional(f, "laterality"), optional(f, "location"),
          optional(f, "severity"), box.path("x").asInt(), box.path("y").asInt(),
          box.path("width").asInt(), box.path("height").asInt(), optional(f, "mask")));
    }
    List<VqaItem> vqa = new ArrayList<>();
    for (JsonNode q : root.path("vqa")) {
      VqaAnswerType type;
      try {
        type = VqaAnswerType.valueOf(q.path("answerType").asText("OPEN"));
      } catch (IllegalArgumentException e) {
        throw new IOException("unknown answerType '" + q.path("answerType").asText() + "'");
      }
      vqa.add(VqaItem.newBuilder().setItemId(text(q, "itemId")).setQuestion(text(q, "question"))
          .setAnswer(text(q, "answer")).setAnswerType(type).setCategory(optional(q, "category"))
          .build());
    }
    return new GroundTruth(uid, List.copyOf(findings), List.copyOf(vqa));
  }

  /** The JSON form. */
  public byte[] toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("studyInstanceUid", studyInstanceUid);
    root.put("normal", findings.isEmpty());
    ArrayNode fs = root.putArray("findings");
    for (Finding f : findings) {
      ObjectNode n = fs.addObject();
      n.put("label", f.label());
      n.put("laterality", f.laterality());
      n.put("location", f.location());
      n.put("severity", f.severity());
      n.putObject("box").put("x", f.x()).put("y", f.y()).put("width", f.width()).put("height", f.height());
      n.put("mask", f.maskFile());
    }
    ArrayNode qs = root.putArray("vqa");
    for (VqaItem q : vqa) {
      qs.addObject().put("itemId", q.getItemId()).put("question", q.getQuestion())
          .put("answer", q.getAnswer()).put("answerType", q.getAnswerType().name())
          .put("category", q.getCategory());
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String text(JsonNode node, String field) throws IOException {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IOException("missing text field '" + field + "'");
    }
    return value.asText();
  }

  private static String optional(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }
}
