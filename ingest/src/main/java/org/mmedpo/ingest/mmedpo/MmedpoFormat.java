package org.mmedpo.ingest.mmedpo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.mmedpo.common.blob.BlobStore;
import org.mmedpo.common.blob.StoredBlob;
import org.mmedpo.common.image.GrayImage;
import org.mmedpo.common.image.PngCodec;
import org.mmedpo.events.DispreferenceKind;
import org.mmedpo.events.ImageRef;
import org.mmedpo.events.ImportOrigin;
import org.mmedpo.events.ItemType;
import org.mmedpo.events.PreferenceSample;
import org.mmedpo.events.SampleProvenance;
import org.mmedpo.events.WeightScheme;

/**
 * One item of the released MMedPO format (MMEDPO.md section 6) to a {@link PreferenceSample} and
 * back.
 *
 * <p>Import: {@code id} keeps its JSON type in {@link ImportOrigin#getIdIsNumber()}; the prompt is
 * the first human turn without the {@code <image>} token; chosen and rejected texts are the first
 * gpt turns, trimmed; the raw {@code weighted_score} is both the raw score and the weight (scheme
 * RAW, as the released code uses it); an item with {@code rejected_image} is a visual
 * (LESION_NEGLECT) pair, else a text (TEXT_HALLUCINATION) pair whose rejected image is the chosen
 * one. Images are looked up under the images folder (never outside it), converted to 16-bit grey
 * PNG and stored by SHA-256; {@code imageStatus} says {@code resolved}, {@code missing} (some
 * image named by the item is not there: its reference stays null, nothing is faked) or
 * {@code not-requested} (no images folder given). The conversations are kept verbatim as JSON
 * text, so export writes back exactly what was read.
 */
public final class MmedpoFormat {

  static final ObjectMapper JSON = new ObjectMapper();

  private MmedpoFormat() {}

  /** A malformed item; the reason is short and stable. */
  public static final class ItemException extends Exception {
    private static final long serialVersionUID = 1L;

    ItemException(String reason) {
      super(reason);
    }
  }

  /**
   * Reads one item.
   *
   * @param source the file name, recorded as provenance {@code import:<source>}
   * @param images the images folder, or null
   */
  public static PreferenceSample toSample(JsonNode item, String source, Path images, BlobStore blobs)
      throws ItemException {
    if (!item.isObject()) {
      throw new ItemException("item is not a JSON object");
    }
    JsonNode id = item.get("id");
    if (id == null || !(id.isIntegralNumber() || id.isTextual())) {
      throw new ItemException("missing or invalid id");
    }
    JsonNode image = item.get("image");
    if (image == null || !image.isTextual()) {
      throw new ItemException("missing image");
    }
    JsonNode chosen = item.get("conversations");
    JsonNode rejected = item.get("rejected_conversations");
    String prompt = turn(chosen, "human", "conversations");
    String chosenText = turn(chosen, "gpt", "conversations");
    String rejectedText = turn(rejected, "gpt", "rejected_conversations");
    JsonNode score = item.get("weighted_score");
    if (score == null || !score.isNumber() || !Double.isFinite(score.asDouble())) {
      throw new ItemException("missing or invalid weighted_score");
    }
    JsonNode rejectedImage = item.get("rejected_image");
    if (rejectedImage != null && !rejectedImage.isTextual()) {
      throw new ItemException("invalid rejected_image");
    }
    boolean visual = rejectedImage != null;
    String status = images == null ? "not-requested" : "resolved";
    ImageRef chosenRef = null;
    ImageRef rejectedRef = null;
    if (images != null) {
      chosenRef = store(images, image.asText(), blobs);
      rejectedRef = visual ? store(images, rejectedImage.asText(), blobs) : chosenRef;
      if (chosenRef == null || rejectedRef == null) {
        status = "missing";
      }
    }
    String idText = id.asText();
    String answer = chosenText.trim().toLowerCase(Locale.ROOT).replaceAll("[.!]$", "");
    ItemType type = id.isTextual() ? ItemType.REPORT
        : answer.equals("yes") || answer.equals("no") ? ItemType.VQA_CLOSED : ItemType.VQA_OPEN;
    double raw = score.asDouble();
    return PreferenceSample.newBuilder()
        .setSampleId("mmedpo:" + source + ":" + idText)
        .setKind(visual ? DispreferenceKind.LESION_NEGLECT : DispreferenceKind.TEXT_HALLUCINATION)
        .setItemType(type)
        .setPrompt(stripImageToken(prompt))
        .setChosenText(chosenText.trim())
        .setChosenImage(chosenRef)
        .setRejectedText(rejectedText.trim())
        .setRejectedImage(rejectedRef)
        .setRawScore(raw)
        .setWeight(raw)
        .setWeightScheme(WeightScheme.RAW)
        .setProvenance(SampleProvenance.newBuilder().setSource("import:" + source).build())
        .setImported(ImportOrigin.newBuilder()
            .setId(idText)
            .setIdIsNumber(id.isIntegralNumber())
            .setImagePath(image.asText())
            .setRejectedImagePath(visual ? rejectedImage.asText() : null)
            .setConversationsJson(chosen.toString())
            .setRejectedConversationsJson(rejected.toString())
            .setImageStatus(status)
            .build())
        .setCreatedAt(Instant.now())
        .build();
  }

  /** The item a sample exports to: the original for imported samples, built from the sample otherwise. */
  public static ObjectNode toItem(PreferenceSample sample) throws IOException {
    ObjectNode item = JSON.createObjectNode();
    ImportOrigin origin = sample.getImported();
    if (origin != null) {
      if (origin.getIdIsNumber()) {
        item.put("id", new java.math.BigInteger(origin.getId().toString()));
      } else {
        item.put("id", origin.getId().toString());
      }
      item.put("image", origin.getImagePath().toString());
      if (origin.getRejectedImagePath() != null) {
        item.put("rejected_image", origin.getRejectedImagePath().toString());
      }
      item.set("conversations", JSON.readTree(origin.getConversationsJson().toString()));
      item.set("rejected_conversations", JSON.readTree(origin.getRejectedConversationsJson().toString()));
    } else {
      item.put("id", sample.getSampleId().toString());
      item.put("image", imageName(sample.getChosenImage()));
      if (sample.getKind() == DispreferenceKind.LESION_NEGLECT) {
        item.put("rejected_image", imageName(sample.getRejectedImage()));
      }
      item.set("conversations", conversation(sample.getPrompt().toString(), sample.getChosenText().toString()));
      item.set("rejected_conversations", conversation(sample.getPrompt().toString(), sample.getRejectedText().toString()));
    }
    item.put("weighted_score", sample.getRawScore());
    return item;
  }

  /** The file name an exported item gives a blob image: its SHA-256 and .png. */
  public static String imageName(ImageRef ref) {
    return ref == null ? "" : ref.getSha256() + ".png";
  }

  private static ArrayNode conversation(String prompt, String answer) {
    ArrayNode turns = JSON.createArrayNode();
    turns.addObject().put("from", "human").put("value", "<image>\n" + prompt);
    turns.addObject().put("from", "gpt").put("value", answer);
    return turns;
  }

  private static String turn(JsonNode conversations, String from, String field) throws ItemException {
    if (conversations == null || !conversations.isArray()) {
      throw new ItemException("missing " + field);
    }
    for (JsonNode turn : conversations) {
      if (from.equals(turn.path("from").asText()) && turn.path("value").isTextual()) {
        return turn.get("value").asText();
      }
    }
    throw new ItemException(field + " has no " + from + " turn");
  }

  static String stripImageToken(String prompt) {
    String p = prompt;
    if (p.startsWith("<image>")) {
      p = p.substring("<image>".length());
    }
    return p.replace("<image>", "").strip();
  }

  /** The image at {@code name} under {@code images}, stored; null when absent or outside the folder. */
  private static ImageRef store(Path images, String name, BlobStore blobs) throws ItemException {
    Path base = images.toAbsolutePath().normalize();
    Path file = base.resolve(name).normalize();
    if (!file.startsWith(base) || !Files.isRegularFile(file)) {
      return null;
    }
    BufferedImage picture;
    try {
      picture = ImageIO.read(file.toFile());
    } catch (IOException e) {
      throw new ItemException("unreadable image");
    }
    if (picture == null) {
      throw new ItemException("unreadable image");
    }
    GrayImage grey = grey16(picture);
    StoredBlob blob = blobs.put(PngCodec.encode(grey), "image/png");
    return ImageRef.newBuilder().setUri(blob.uri()).setSha256(blob.sha256()).setMediaType("image/png")
        .setWidth(grey.width()).setHeight(grey.height()).setBitsStored(16)
        .setPhotometricInterpretation("MONOCHROME2").build();
  }

  /** Luma (ITU-R BT.601) scaled to 16 bits; grey images keep their values (x257). */
  static GrayImage grey16(BufferedImage picture) {
    int w = picture.getWidth();
    int h = picture.getHeight();
    int[] pixels = new int[w * h];
    boolean grey = picture.getRaster().getNumBands() == 1;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int v;
        if (grey) {
          int bits = picture.getRaster().getSampleModel().getSampleSize(0);
          int s = picture.getRaster().getSample(x, y, 0);
          v = bits == 16 ? s : bits == 8 ? s * 257 : s * 65535 / ((1 << bits) - 1);
        } else {
          int rgb = picture.getRGB(x, y);
          double luma = 0.299 * ((rgb >> 16) & 255) + 0.587 * ((rgb >> 8) & 255) + 0.114 * (rgb & 255);
          v = (int) Math.round(luma * 257);
        }
        pixels[y * w + x] = v;
      }
    }
    return new GrayImage(w, h, 16, pixels);
  }
}
