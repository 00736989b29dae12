package org.mmedpo.ingest.dicom;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * The attributes of one data set (or sequence item), by tag, with typed getters that follow the
 * value representations of PS3.5. Values are decoded on demand with the data set's character set
 * and byte order.
 */
public final class DicomDataset {

  private static final Set<String> TEXT_VRS = Set.of("SH", "LO", "ST", "LT", "UT", "PN", "UC");

  private final TreeMap<Integer, DicomElement> elements = new TreeMap<>();
  private final ByteOrder order;
  private DicomCharsets charsets = DicomCharsets.DEFAULT;

  public DicomDataset(boolean bigEndian) {
    this.order = bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
  }

  public void put(DicomElement element) {
    elements.put(element.tag(), element);
  }

  public DicomElement get(int tag) {
    return elements.get(tag);
  }

  public boolean contains(int tag) {
    return elements.containsKey(tag);
  }

  public void remove(int tag) {
    elements.remove(tag);
  }

  /** Every element in tag order. */
  public Collection<DicomElement> elements() {
    return elements.values();
  }

  public boolean bigEndian() {
    return order == ByteOrder.BIG_ENDIAN;
  }

  void charsets(DicomCharsets charsets) {
    this.charsets = charsets;
  }

  public DicomCharsets charsets() {
    return charsets;
  }

  /**
   * The value as text with trailing padding removed, or null when absent. Text VRs decode with the
   * specific character set, the others as ASCII.
   *
   * @throws DicomFormatException when the bytes are not valid in the character set
   */
  public String string(int tag) throws DicomFormatException {
    DicomElement element = elements.get(tag);
    if (element == null || element.isSequence() || element.isEncapsulated()) {
      return null;
    }
    byte[] bytes = element.value();
    String text = TEXT_VRS.contains(element.vr())
        ? charsets.decode(bytes, tag)
        : new String(bytes, StandardCharsets.ISO_8859_1);
    return stripPadding(text);
  }

  /** Like {@link #string(int)} but the empty string for absent or empty values. */
  public String stringOrEmpty(int tag) throws DicomFormatException {
    String value = string(tag);
    return value == null ? "" : value;
  }

  /** The backslash-separated values of a multi-valued text attribute; empty when absent. */
  public List<String> strings(int tag) throws DicomFormatException {
    String value = string(tag);
    List<String> out = new ArrayList<>();
    if (value != null && !value.isEmpty()) {
      for (String part : value.split("\\\\", -1)) {
        out.add(part.trim());
      }
    }
    return out;
  }

  /**
   * The first value of an integer attribute (US, SS, UL, SL or IS), or {@code fallback} when
   * absent or empty.
   *
   * @throws DicomFormatException when the value is not a number
   */
  public int intValue(int tag, int fallback) throws DicomFormatException {
    DicomElement element = elements.get(tag);
    if (element == null || element.value() == null || element.value().length == 0) {
      return fallback;
    }
    ByteBuffer buf = ByteBuffer.wrap(element.value()).order(order);
    String vr = element.vr();
    try {
      switch (vr) {
        case "US":
          return buf.remaining() >= 2 ? Short.toUnsignedInt(buf.getShort()) : fallback;
        case "SS":
          return buf.remaining() >= 2 ? buf.getShort() : fallback;
        case "UL":
        case "SL":
          return buf.remaining() >= 4 ? buf.getInt() : fallback;
        case "UN":
          // An implicit-VR private or unknown tag, or an explicit UN: read as US when 2 bytes.
          return buf.remaining() == 2 ? Short.toUnsignedInt(buf.getShort())
              : buf.remaining() == 4 ? buf.getInt() : parseInt(tag, element);
        default:
          return parseInt(tag, element);
      }
    } catch (NumberFormatException e) {
      throw new DicomFormatException("invalid attribute value", Tags.format(tag) + " is not an integer");
    }
  }

  private int parseInt(int tag, DicomElement element) throws DicomFormatException {
    String text = stripPadding(new String(element.value(), StandardCharsets.ISO_8859_1)).trim();
    if (text.isEmpty()) {
      throw new NumberFormatException();
    }
    String first = text.split("\\\\")[0].trim();
    if (first.isEmpty()) {
      throw new DicomFormatException("invalid attribute value", Tags.format(tag) + " is empty");
    }
    return Integer.parseInt(first.startsWith("+") ? first.substring(1) : first);
  }

  /**
   * The values of a decimal attribute (DS, FD or FL); empty when absent or empty.
   *
   * @throws DicomFormatException when a value is not a number
   */
  public double[] doubles(int tag) throws DicomFormatException {
    DicomElement element = elements.get(tag);
    if (element == null || element.value() == null || element.value().length == 0) {
      return new double[0];
    }
    ByteBuffer buf = ByteBuffer.wrap(element.value()).order(order);
    switch (element.vr()) {
      case "FD": {
        double[] out = new double[buf.remaining() / 8];
        for (int i = 0; i < out.length; i++) {
          out[i] = buf.getDouble();
        }
        return out;
      }
      case "FL": {
        double[] out = new double[buf.remaining() / 4];
        for (int i = 0; i < out.length; i++) {
          out[i] = buf.getFloat();
        }
        return out;
      }
      default: {
        String text = stripPadding(new String(element.value(), StandardCharsets.ISO_8859_1)).trim();
        if (text.isEmpty()) {
          return new double[0];
        }
        String[] parts = text.split("\\\\");
        double[] out = new double[parts.length];
        try {
          for (int i = 0; i < parts.length; i++) {
            out[i] = Double.parseDouble(parts[i].trim());
          }
        } catch (NumberFormatException e) {
          throw new DicomFormatException("invalid attribute value",
              Tags.format(tag) + " is not a decimal number");
        }
        return out;
      }
    }
  }

  /** The first value of a decimal attribute, or {@code fallback}. */
  public double doubleValue(int tag, double fallback) throws DicomFormatException {
    double[] values = doubles(tag);
    return values.length == 0 ? fallback : values[0];
  }

  static String stripPadding(String text) {
    int end = text.length();
    while (end > 0 && (text.charAt(end - 1) == ' ' || text.charAt(end - 1) == '\0')) {
      end--;
    }
    return text.substring(0, end);
  }
}
