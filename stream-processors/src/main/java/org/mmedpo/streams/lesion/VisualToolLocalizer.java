package org.mmedpo.streams.lesion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.mmedpo.common.image.PngCodec;
import org.mmedpo.events.ImageRef;
import org.mmedpo.streams.llm.InvalidReplyException;
import org.mmedpo.streams.llm.JsonReplies;
import org.mmedpo.streams.llm.ResilientHttp;

/**
 * An external visual tool (a MedKLIP-style grounding model served over HTTP) as the localizer.
 *
 * <p>The API, {@code POST <url>} with {@code Content-Type: application/json}:
 *
 * <pre>
 * request:  {"prompt": "disease",                 // what to ground
 *            "image_png_base64": "...",           // the image, lossless grey PNG (8 or 16 bit)
 *            "width": 512, "height": 512,
 *            "bits_stored": 16,
 *            "window_center": 2048.0, "window_width": 4096.0,   // display window, or null
 *            "modality": "DX", "report": "..."}   // context, optional for the tool
 * reply:    {"heatmap": {"width": 14, "height": 14, "values": [0.01, ...]},  // row-major, any size
 *            "probability": 0.87,                 // P(disease) in [0, 1]
 *            "label": "pleural effusion"}         // optional: what was found
 * </pre>
 *
 * The heatmap is resized to the image; {@code probability} becomes the variant's visual
 * confidence. Replies with a wrong number of values, non-finite values or a probability outside
 * [0, 1] are invalid and retried; timeouts, retries and the rate limit are {@link ResilientHttp}'s.
 */
public final class VisualToolLocalizer implements LesionLocalizer {

  /** Localizer name recorded in variants. */
  public static final String NAME = "visual-tool";
  static final int MAX_SIDE = 4096;

  private final URI url;
  private final String prompt;
  private final ResilientHttp http;

  public VisualToolLocalizer(URI url, String prompt, ResilientHttp http) {
    this.url = url;
    this.prompt = prompt;
    this.http = http;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Optional<Localization> localize(LocalizationRequest request) {
    ImageRef ref = request.pair().getImage();
    ObjectNode body = JsonReplies.mapper().createObjectNode();
    body.put("prompt", prompt);
    body.put("image_png_base64", Base64.getEncoder().encodeToString(PngCodec.encode(request.image())));
    body.put("width", request.image().width());
    body.put("height", request.image().height());
    body.put("bits_stored", ref.getBitsStored());
    if (ref.getWindowCenter() != null) {
      body.put("window_center", ref.getWindowCenter());
    } else {
      body.putNull("window_center");
    }
    if (ref.getWindowWidth() != null) {
      body.put("window_width", ref.getWindowWidth());
    } else {
      body.putNull("window_width");
    }
    body.put("modality", request.pair().getModality());
    body.put("report", request.pair().getFindings());
    return Optional.of(http.postJson(url, body.toString(), Map.of(), request.deadline(), this::parse));
  }

  Localization parse(String reply) throws InvalidReplyException {
    JsonNode root = JsonReplies.body(reply);
    JsonNode map = root.path("heatmap");
    int w = map.path("width").asInt(-1);
    int h = map.path("height").asInt(-1);
    if (w <= 0 || h <= 0 || w > MAX_SIDE || h > MAX_SIDE) {
      throw new InvalidReplyException("heatmap size " + w + "x" + h + " outside 1.." + MAX_SIDE);
    }
    JsonNode values = map.path("values");
    if (!values.isArray() || values.size() != w * h) {
      throw new InvalidReplyException("heatmap of " + w + "x" + h + " needs " + w * h + " values, got "
          + (values.isArray() ? values.size() : "none"));
    }
    float[] v = new float[w * h];
    for (int i = 0; i < v.length; i++) {
      JsonNode n = values.get(i);
      if (!n.isNumber() || !Double.isFinite(n.asDouble())) {
        throw new InvalidReplyException("heatmap value " + i + " is not a finite number");
      }
      v[i] = (float) n.asDouble();
    }
    JsonNode p = root.path("probability");
    if (!p.isNumber() || !(p.asDouble() >= 0 && p.asDouble() <= 1)) {
      throw new InvalidReplyException("probability missing or outside [0, 1]");
    }
    String label = root.path("label").asText(prompt);
    return new Localization(new Heatmap(w, h, v), p.asDouble(), label, NAME);
  }
}
