package org.mmedpo.ingest.dicom;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;

/**
 * Writes DICOM Part 10 files: the synthetic export writes explicit VR little endian; tests write
 * every syntax the reader decodes (implicit VR, big endian, deflated, RLE, JPEG baseline) to check
 * the reader against known pixels. Attributes are kept in tag order as PS3.5 requires.
 */
public final class DicomWriter {

  private static final Set<String> LONG_VRS =
      Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV");
  /** Implementation Class UID of this writer (a UUID-derived UID under 2.25). */
  public static final String IMPLEMENTATION_UID = "2.25.302873164215983571306735123848170917221";

  private final TreeMap<Integer, Object[]> attributes = new TreeMap<>();
  private Charset textCharset = StandardCharsets.US_ASCII;

  /** Text VRs after this call encode with {@code charset} (set (0008,0005) to match). */
  public DicomWriter textCharset(Charset charset) {
    this.textCharset = charset;
    return this;
  }

  /** A text attribute (any string VR), padded to even length. */
  public DicomWriter text(int tag, String vr, String value) {
    byte[] bytes = value.getBytes(vr.equals("UI") || !isText(vr) ? StandardCharsets.US_ASCII : textCharset);
    attributes.put(tag, new Object[] {vr, pad(bytes, vr.equals("UI") ? (byte) 0 : (byte) ' ')});
    return this;
  }

  /** Raw value bytes (padded to even length with zero), for tests of malformed values. */
  public DicomWriter raw(int tag, String vr, byte[] value) {
    attributes.put(tag, new Object[] {vr, pad(value, (byte) 0)});
    return this;
  }

  /** An unsigned short attribute (US). */
  public DicomWriter us(int tag, int value) {
    attributes.put(tag, new Object[] {"US", new int[] {value}});
    return this;
  }

  /** A sequence of items, each given as a writer of its attributes. */
  public DicomWriter sequence(int tag, List<DicomWriter> items) {
    attributes.put(tag, new Object[] {"SQ", List.copyOf(items)});
    return this;
  }

  /**
   * Pixel data: 16-bit samples as OW, 8-bit as OB; encapsulated (RLE, JPEG) when the transfer
   * syntax written is.
   *
   * @param width columns of the image (JPEG encoding needs it)
   */
  public DicomWriter pixels(int[] samples, int bitsAllocated, int width) {
    attributes.put(Tags.PIXEL_DATA, new Object[] {bitsAllocated == 16 ? "OW" : "OB",
        new Pixels(samples, bitsAllocated, width)});
    return this;
  }

  /** Removes an attribute (to build broken files in tests). */
  public DicomWriter remove(int tag) {
    attributes.remove(tag);
    return this;
  }

  /**
   * The Part 10 file: 128-byte preamble, DICM, the file meta group, then the data set in
   * {@code syntax}. SOP Class and Instance UIDs of the meta group come from the data set.
   */
  public byte[] toPart10(TransferSyntax syntax) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(estimateSize());
    out.writeBytes(new byte[128]);
    out.writeBytes(new byte[] {'D', 'I', 'C', 'M'});
    DicomWriter meta = new DicomWriter()
        .raw(Tags.FILE_META_VERSION, "OB", new byte[] {0, 1})
        .text(Tags.MEDIA_STORAGE_SOP_CLASS_UID, "UI", stringOf(Tags.SOP_CLASS_UID))
        .text(Tags.MEDIA_STORAGE_SOP_INSTANCE_UID, "UI", stringOf(Tags.SOP_INSTANCE_UID))
        .text(Tags.TRANSFER_SYNTAX_UID, "UI", syntax.uid())
        .text(Tags.IMPLEMENTATION_CLASS_UID, "UI", IMPLEMENTATION_UID)
        .text(Tags.IMPLEMENTATION_VERSION_NAME, "SH", "MMEDPO_01");
    byte[] metaBytes = meta.encode(true, false, null);
    ByteBuffer groupLength = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    groupLength.putShort((short) 0x0002).putShort((short) 0x0000).put((byte) 'U').put((byte) 'L')
        .putShort((short) 4).putInt(metaBytes.length);
    out.writeBytes(groupLength.array());
    out.writeBytes(metaBytes);
    byte[] data = encode(syntax.explicitVr(), syntax.bigEndian(), syntax);
    if (syntax.deflated()) {
      data = deflate(data);
    }
    out.writeBytes(data);
    return out.toByteArray();
  }

  /** The data set alone, without preamble or meta group (a "bare" file, as old tools wrote). */
  public byte[] toBareDataSet(TransferSyntax syntax) {
    return encode(syntax.explicitVr(), syntax.bigEndian(), syntax);
  }

  private int estimateSize() {
    Object[] pixels = attributes.get(Tags.PIXEL_DATA);
    int size = 4096;
    if (pixels != null && pixels[1] instanceof Pixels p) {
      size += p.samples.length * (p.bits / 8);
    }
    return size;
  }

  private String stringOf(int tag) {
    Object[] a = attributes.get(tag);
    if (a == null) {
      return "";
    }
    byte[] b = (byte[]) a[1];
    return DicomDataset.stripPadding(new String(b, StandardCharsets.US_ASCII));
  }

  private byte[] encode(boolean explicit, boolean bigEndian, TransferSyntax syntax) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(estimateSize());
    ByteOrder order = bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    for (Map.Entry<Integer, Object[]> entry : attributes.entrySet()) {
      int tag = entry.getKey();
      String vr = (String) entry.getValue()[0];
      Object value = entry.getValue()[1];
      if (value instanceof Pixels pixels) {
        if (syntax != null && syntax.encapsulated()) {
          writeEncapsulated(out, pixels, syntax, explicit, order);
        } else {
          byte[] bytes = pixels.nativeBytes(order);
          header(out, tag, vr, explicit, order, bytes.length);
          out.writeBytes(bytes);
        }
      } else if (value instanceof List<?> items) {
        header(out, tag, "SQ", explicit, order, 0xFFFFFFFF);
        for (Object item : items) {
          byte[] itemBytes = ((DicomWriter) item).encode(explicit, bigEndian, null);
          out.writeBytes(ByteBuffer.allocate(8).order(order).putShort((short) 0xFFFE)
              .putShort((short) 0xE000).putInt(itemBytes.length).array());
          out.writeBytes(itemBytes);
        }
        out.writeBytes(ByteBuffer.allocate(8).order(order).putShort((short) 0xFFFE)
            .putShort((short) 0xE0DD).putInt(0).array());
      } else if (value instanceof int[] shorts) {
        header(out, tag, vr, explicit, order, 2 * shorts.length);
        ByteBuffer buf = ByteBuffer.allocate(2 * shorts.length).order(order);
        for (int v : shorts) {
          buf.putShort((short) v);
        }
        out.writeBytes(buf.array());
      } else {
        byte[] bytes = (byte[]) value;
        header(out, tag, vr, explicit, order, bytes.length);
        out.writeBytes(bytes);
      }
    }
    return out.toByteArray();
  }

  private static void header(ByteArrayOutputStream out, int tag, String vr, boolean explicit,
      ByteOrder order, int length) {
    ByteBuffer buf = ByteBuffer.allocate(12).order(order);
    buf.putShort((short) (tag >>> 16)).putShort((short) tag);
    if (explicit) {
      buf.put((byte) vr.charAt(0)).put((byte) vr.charAt(1));
      if (LONG_VRS.contains(vr)) {
        buf.putShort((short) 0).putInt(length);
      } else {
        buf.putShort((short) length);
      }
    } else {
      buf.putInt(length);
    }
    out.write(buf.array(), 0, buf.position());
  }

  private static void writeEncapsulated(ByteArrayOutputStream out, Pixels pixels,
      TransferSyntax syntax, boolean explicit, ByteOrder order) {
    byte[] frame = syntax.uid().equals(TransferSyntax.RLE_LOSSLESS.uid())
        ? rle(pixels) : jpeg(pixels);
    if (frame.length % 2 == 1) {
      frame = java.util.Arrays.copyOf(frame, frame.length + 1);
    }
    header(out, Tags.PIXEL_DATA, "OB", explicit, order, 0xFFFFFFFF);
    ByteBuffer items = ByteBuffer.allocate(24).order(order);
    items.putShort((short) 0xFFFE).putShort((short) 0xE000).putInt(0); // empty offset table
    items.putShort((short) 0xFFFE).putShort((short) 0xE000).putInt(frame.length);
    out.write(items.array(), 0, 16);
    out.writeBytes(frame);
    out.writeBytes(ByteBuffer.allocate(8).order(order).putShort((short) 0xFFFE)
        .putShort((short) 0xE0DD).putInt(0).array());
  }

  /** RLE Lossless with literal runs only: valid, if not compact. */
  private static byte[] rle(Pixels pixels) {
    int planes = pixels.bits / 8;
    List<byte[]> segments = new ArrayList<>();
    for (int p = 0; p < planes; p++) {
      int shift = 8 * (planes - 1 - p);
      ByteArrayOutputStream seg = new ByteArrayOutputStream();
      int n = pixels.samples.length;
      for (int i = 0; i < n; i += 128) {
        int len = Math.min(128, n - i);
        seg.write(len - 1);
        for (int k = 0; k < len; k++) {
          seg.write(pixels.samples[i + k] >>> shift);
        }
      }
      if (seg.size() % 2 == 1) {
        seg.write(0x80); // no-op byte to keep segments even
      }
      segments.add(seg.toByteArray());
    }
    ByteBuffer header = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
    header.putInt(planes);
    int offset = 64;
    for (byte[] seg : segments) {
      header.putInt(offset);
      offset += seg.length;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(offset);
    out.writeBytes(header.array());
    segments.forEach(out::writeBytes);
    return out.toByteArray();
  }

  private static byte[] jpeg(Pixels pixels) {
    if (pixels.bits != 8) {
      throw new IllegalArgumentException("JPEG baseline takes 8-bit samples");
    }
    int width = pixels.width;
    int height = pixels.samples.length / width;
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    image.getRaster().setSamples(0, 0, width, height, 0, pixels.samples);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "jpeg", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static byte[] deflate(byte[] data) {
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    deflater.setInput(data);
    deflater.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 64);
    byte[] buffer = new byte[64 * 1024];
    while (!deflater.finished()) {
      out.write(buffer, 0, deflater.deflate(buffer));
    }
    deflater.end();
    return out.toByteArray();
  }

  private static boolean isText(String vr) {
    return Set.of("SH", "LO", "ST", "LT", "UT", "PN", "UC").contains(vr);
  }

  private static byte[] pad(byte[] bytes, byte padding) {
    if (bytes.length % 2 == 0) {
      return bytes;
    }
    byte[] out = java.util.Arrays.copyOf(bytes, bytes.length + 1);
    out[bytes.length] = padding;
    return out;
  }

  /** Pixel samples with the image width (JPEG needs it). */
  private static final class Pixels {
    final int[] samples;
    final int bits;
    final int width;

    Pixels(int[] samples, int bits, int width) {
      this.samples = samples;
      this.bits = bits;
      this.width = width;
    }

    byte[] nativeBytes(ByteOrder order) {
      if (bits == 8) {
        byte[] out = new byte[samples.length + (samples.length % 2)];
        for (int i = 0; i < samples.length; i++) {
          out[i] = (byte) samples[i];
        }
        return out;
      }
      ByteBuffer buf = ByteBuffer.allocate(samples.length * 2).order(order);
      for (int v : samples) {
        buf.putShort((short) v);
      }
      return buf.array();
    }
  }
}
