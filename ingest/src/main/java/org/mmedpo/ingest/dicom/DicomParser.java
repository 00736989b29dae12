package org.mmedpo.ingest.dicom;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads DICOM Part 10 files (PS3.10) and bare data sets: the file meta group in explicit VR little
 * endian, then the data set in its transfer syntax: implicit or explicit VR little endian,
 * explicit VR big endian, deflated explicit VR little endian, or any encapsulated syntax (whose
 * attributes read, whatever its pixel compression). Sequences of defined and undefined length,
 * UN of undefined length (PS3.5 6.2.2) and encapsulated pixel data are handled.
 *
 * <p>The parser is strict about structure: a length that runs past the end of the file, a VR that
 * is not two upper-case letters or nesting deeper than {@value #MAX_DEPTH} levels is a
 * {@link DicomFormatException} with a precise reason; nothing is guessed past a broken element.
 */
public final class DicomParser {

  /** Deepest sequence nesting accepted (real files rarely pass 5). */
  public static final int MAX_DEPTH = 16;

  private static final Set<String> LONG_VRS =
      Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV");
  private static final byte[] DICM = {'D', 'I', 'C', 'M'};

  private final long maxInflatedBytes;

  /**
   * @param maxInflatedBytes the largest data set a deflated file may expand to, in bytes (a
   *     guard against deflate bombs)
   */
  public DicomParser(long maxInflatedBytes) {
    this.maxInflatedBytes = maxInflatedBytes;
  }

  /** Parses a whole file held in memory. */
  public DicomFile parse(byte[] bytes) throws DicomFormatException {
    if (bytes.length == 0) {
      throw new DicomFormatException("empty file", "zero bytes");
    }
    boolean preamble = bytes.length >= 132 && startsWith(bytes, 128, DICM);
    int offset;
    if (preamble) {
      offset = 132;
    } else if (startsWith(bytes, 0, DICM)) {
      offset = 4; // the DICM prefix without the preamble, written by some old tools
    } else {
      offset = 0;
    }
    DicomDataset meta = new DicomDataset(false);
    if (offset > 0 || looksLikeMetaGroup(bytes)) {
      Reader reader = new Reader(bytes, offset, bytes.length, true, false);
      while (reader.pos + 4 <= bytes.length && reader.peekGroup() == 0x0002) {
        meta.put(reader.readElement(0));
      }
      offset = reader.pos;
    } else if (!looksLikeDataSet(bytes)) {
      throw new DicomFormatException("not a DICOM file",
          "no DICM prefix at byte 128 and no data set at the start");
    }
    String tsUid = meta.string(Tags.TRANSFER_SYNTAX_UID);
    TransferSyntax syntax = tsUid == null || tsUid.isBlank()
        ? guessSyntax(bytes, offset) : TransferSyntax.of(tsUid.trim());
    byte[] data = bytes;
    int start = offset;
    int end = bytes.length;
    if (syntax.deflated()) {
      data = inflate(bytes, offset);
      start = 0;
      end = data.length;
    }
    DicomDataset dataset = new DicomDataset(syntax.bigEndian());
    Reader reader = new Reader(data, start, end, syntax.explicitVr(), syntax.bigEndian());
    reader.readInto(dataset, end, 0, false);
    if (dataset.elements().isEmpty()) {
      throw new DicomFormatException("not a DICOM file", "the data set holds no attribute");
    }
    applyCharset(dataset);
    return new DicomFile(meta, dataset, syntax, preamble);
  }

  private static void applyCharset(DicomDataset dataset) throws DicomFormatException {
    DicomElement element = dataset.get(Tags.SPECIFIC_CHARACTER_SET);
    if (element != null && element.value() != null) {
      String term = DicomDataset.stripPadding(new String(element.value(), StandardCharsets.ISO_8859_1));
      dataset.charsets(DicomCharsets.of(term));
    }
    for (DicomElement e : dataset.elements()) {
      for (DicomDataset item : e.items()) {
        // Items inherit the character set unless they declare their own (PS3.5 6.1.2.5.3).
        if (!item.contains(Tags.SPECIFIC_CHARACTER_SET)) {
          item.charsets(dataset.charsets());
        }
        applyCharsetNested(item);
      }
    }
  }

  private static void applyCharsetNested(DicomDataset item) throws DicomFormatException {
    DicomElement own = item.get(Tags.SPECIFIC_CHARACTER_SET);
    if (own != null && own.value() != null) {
      item.charsets(DicomCharsets.of(
          DicomDataset.stripPadding(new String(own.value(), StandardCharsets.ISO_8859_1))));
    }
    for (DicomElement e : item.elements()) {
      for (DicomDataset nested : e.items()) {
        if (!nested.contains(Tags.SPECIFIC_CHARACTER_SET)) {
          nested.charsets(item.charsets());
        }
        applyCharsetNested(nested);
      }
    }
  }

  private byte[] inflate(byte[] bytes, int offset) throws DicomFormatException {
    Inflater inflater = new Inflater(true);
    inflater.setInput(bytes, offset, bytes.length - offset);
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(1024, (bytes.length - offset) * 3));
    byte[] buffer = new byte[64 * 1024];
    try {
      while (!inflater.finished()) {
        int n = inflater.inflate(buffer);
        if (n == 0) {
          if (inflater.needsInput() || inflater.needsDictionary()) {
            throw new DicomFormatException("truncated file", "the deflated data set ends early");
          }
        }
        out.write(buffer, 0, n);
        if (out.size() > maxInflatedBytes) {
          throw new DicomFormatException("file too large",
              "the deflated data set expands past " + maxInflatedBytes + " bytes");
        }
      }
    } catch (DataFormatException e) {
      throw new DicomFormatException("corrupt deflated data set", e.getMessage(), e);
    } finally {
      inflater.end();
    }
    return out.toByteArray();
  }

  private static boolean looksLikeMetaGroup(byte[] bytes) {
    return bytes.length >= 8 && bytes[0] == 0x02 && bytes[1] == 0x00 && isVrChar(bytes[4])
        && isVrChar(bytes[5]);
  }

  /** A bare data set starts with a group 0008 (or another low group) element. */
  private static boolean looksLikeDataSet(byte[] bytes) {
    if (bytes.length < 8) {
      return false;
    }
    int groupLe = (bytes[0] & 0xFF) | (bytes[1] & 0xFF) << 8;
    int groupBe = (bytes[1] & 0xFF) | (bytes[0] & 0xFF) << 8;
    int elementLe = (bytes[2] & 0xFF) | (bytes[3] & 0xFF) << 8;
    int elementBe = (bytes[3] & 0xFF) | (bytes[2] & 0xFF) << 8;
    return (groupLe == 0x0008 && elementLe <= 0x0020) || (groupBe == 0x0008 && elementBe <= 0x0020);
  }

  /** Explicit or implicit, little or big endian, from the first element of the data set. */
  private static TransferSyntax guessSyntax(byte[] bytes, int offset) {
    if (bytes.length < offset + 8) {
      return TransferSyntax.IMPLICIT_VR_LE;
    }
    boolean explicit = isVrChar(bytes[offset + 4]) && isVrChar(bytes[offset + 5]);
    boolean bigEndian = bytes[offset] == 0x00 && bytes[offset + 1] != 0x00;
    if (bigEndian && explicit) {
      return TransferSyntax.EXPLICIT_VR_BE;
    }
    return explicit ? TransferSyntax.EXPLICIT_VR_LE : TransferSyntax.IMPLICIT_VR_LE;
  }

  private static boolean isVrChar(byte b) {
    return b >= 'A' && b <= 'Z';
  }

  private static boolean startsWith(byte[] bytes, int at, byte[] prefix) {
    if (bytes.length < at + prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (bytes[at + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /** A cursor over one encoding (the file meta group and the data set may differ). */
  private static final class Reader {
    final byte[] bytes;
    final ByteBuffer buf;
    final boolean explicit;
    final boolean bigEndian;
    int pos;

    Reader(byte[] bytes, int pos, int end, boolean explicit, boolean bigEndian) {
      this.bytes = bytes;
      this.buf = ByteBuffer.wrap(bytes, 0, end).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
      this.explicit = explicit;
      this.bigEndian = bigEndian;
      this.pos = pos;
    }

    int peekGroup() {
      return Short.toUnsignedInt(buf.getShort(pos));
    }

    int limit() {
      return buf.limit();
    }

    void need(int n, int tag, boolean pixel) throws DicomFormatException {
      if (pos + (long) n > limit()) {
        throw new DicomFormatException(pixel ? "truncated pixel data" : "truncated file",
            (tag == 0 ? "the file" : "element " + Tags.format(tag)) + " needs " + n
                + " more bytes, " + Math.max(0, limit() - pos) + " remain");
      }
    }

    int readTag() throws DicomFormatException {
      need(4, 0, false);
      int group = Short.toUnsignedInt(buf.getShort(pos));
      int element = Short.toUnsignedInt(buf.getShort(pos + 2));
      pos += 4;
      return group << 16 | element;
    }

    long readU32(int tag) throws DicomFormatException {
      need(4, tag, false);
      long v = Integer.toUnsignedLong(buf.getInt(pos));
      pos += 4;
      return v;
    }

    /** Reads elements into {@code target} until {@code end}, or an item delimiter when undefined. */
    void readInto(DicomDataset target, int end, int depth, boolean untilItemDelimiter)
        throws DicomFormatException {
      while (pos < end) {
        if (end - pos < 4) {
          // Trailing padding shorter than a tag: tolerated at the top level only.
          if (depth == 0) {
            pos = end;
            return;
          }
          throw new DicomFormatException("truncated file", "item ends inside a tag");
        }
        int tag = Short.toUnsignedInt(buf.getShort(pos)) << 16 | Short.toUnsignedInt(buf.getShort(pos + 2));
        if (tag == Tags.ITEM_DELIMITATION) {
          pos += 8;
          if (untilItemDelimiter) {
            return;
          }
          continue; // a stray delimiter in a defined-length item: skip it
        }
        if (depth == 0 && tag == 0xFFFCFFFC) {
          pos = end; // Data Set Trailing Padding: ignore the rest
          return;
        }
        target.put(readElement(depth));
      }
      if (untilItemDelimiter) {
        throw new DicomFormatException("truncated file", "an item of undefined length never ends");
      }
    }

    DicomElement readElement(int depth) throws DicomFormatException {
      int tag = readTag();
      String vr;
      long length;
      if (explicit && tag >>> 16 != 0xFFFE) {
        need(2, tag, false);
        byte a = bytes[pos];
        byte b = bytes[pos + 1];
        if (!isVrChar(a) || !isVrChar(b)) {
          throw new DicomFormatException("invalid value representation",
              "element " + Tags.format(tag) + " has VR bytes 0x" + String.format("%02X%02X", a, b));
        }
        vr = new String(new byte[] {a, b}, StandardCharsets.US_ASCII);
        pos += 2;
        if (LONG_VRS.contains(vr)) {
          need(6, tag, false);
          pos += 2;
          length = readU32(tag);
        } else {
          need(2, tag, false);
          length = Short.toUnsignedInt(buf.getShort(pos));
          pos += 2;
        }
      } else {
        vr = VrDictionary.vrOf(tag);
        length = readU32(tag);
      }
      boolean undefined = length == 0xFFFFFFFFL;
      if (tag == Tags.PIXEL_DATA && undefined) {
        return new DicomElement(tag, vr.equals("UN") ? "OB" : vr, new byte[0], List.of(),
            readFragments(tag));
      }
      if (vr.equals("SQ") || (undefined && (vr.equals("UN") || !explicit))) {
        if (depth >= MAX_DEPTH) {
          throw new DicomFormatException("sequences nested too deep",
              "more than " + MAX_DEPTH + " levels at " + Tags.format(tag));
        }
        // PS3.5 6.2.2: a UN of undefined length is a sequence in implicit VR little endian.
        boolean implicitItems = vr.equals("UN") && explicit;
        return new DicomElement(tag, "SQ", new byte[0],
            readItems(tag, undefined, length, depth, implicitItems), null);
      }
      if (undefined) {
        throw new DicomFormatException("invalid length",
            "element " + Tags.format(tag) + " of VR " + vr + " has undefined length");
      }
      need((int) Math.min(length, Integer.MAX_VALUE), tag, tag == Tags.PIXEL_DATA);
      byte[] value = new byte[(int) length];
      System.arraycopy(bytes, pos, value, 0, value.length);
      pos += value.length;
      return DicomElement.of(tag, vr, value);
    }

    private List<DicomDataset> readItems(int tag, boolean undefined, long length, int depth,
        boolean implicitItems) throws DicomFormatException {
      if (!undefined) {
        need((int) Math.min(length, Integer.MAX_VALUE), tag, false);
      }
      int end = undefined ? limit() : pos + (int) length;
      Reader reader = implicitItems ? new Reader(bytes, pos, limit(), false, false) : this;
      List<DicomDataset> items = new ArrayList<>();
      while (reader.pos < end) {
        int itemTag = reader.readTag();
        long itemLength = reader.readU32(itemTag);
        if (itemTag == Tags.SEQUENCE_DELIMITATION) {
          break;
        }
        if (itemTag != Tags.ITEM) {
          throw new DicomFormatException("invalid sequence",
              "expected an item in " + Tags.format(tag) + ", found " + Tags.format(itemTag));
        }
        DicomDataset item = new DicomDataset(reader.bigEndian);
        if (itemLength == 0xFFFFFFFFL) {
          reader.readInto(item, reader.limit(), depth + 1, true);
        } else {
          reader.need((int) Math.min(itemLength, Integer.MAX_VALUE), tag, false);
          int itemEnd = reader.pos + (int) itemLength;
          reader.readInto(item, itemEnd, depth + 1, false);
          reader.pos = itemEnd;
        }
        items.add(item);
        if (undefined && reader.pos >= reader.limit()) {
          throw new DicomFormatException("truncated file",
              "sequence " + Tags.format(tag) + " of undefined length never ends");
        }
      }
      if (implicitItems) {
        pos = reader.pos;
      }
      return items;
    }

    private List<byte[]> readFragments(int tag) throws DicomFormatException {
      List<byte[]> fragments = new ArrayList<>();
      while (true) {
        if (pos + 8 > limit()) {
          throw new DicomFormatException("truncated pixel data",
              "encapsulated pixel data ends without a sequence delimiter");
        }
        int itemTag = readTag();
        long length = readU32(itemTag);
        if (itemTag == Tags.SEQUENCE_DELIMITATION) {
          return fragments;
        }
        if (itemTag != Tags.ITEM || length == 0xFFFFFFFFL) {
          throw new DicomFormatException("invalid encapsulated pixel data",
              "expected a fragment item, found " + Tags.format(itemTag));
        }
        need((int) Math.min(length, Integer.MAX_VALUE), tag, true);
        byte[] fragment = new byte[(int) length];
        System.arraycopy(bytes, pos, fragment, 0, fragment.length);
        pos += fragment.length;
        fragments.add(fragment);
      }
    }
  }
}
