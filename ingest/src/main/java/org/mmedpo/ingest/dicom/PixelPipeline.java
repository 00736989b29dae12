package org.mmedpo.ingest.dicom;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.mmedpo.common.image.GrayImage;

/**
 * From a parsed file to display-ready 16-bit grey, following the grey-scale pipeline of PS3.4 N.2:
 * stored values (masked to Bits Stored, sign-extended when Pixel Representation is 1), then the
 * modality LUT as Rescale Slope and Intercept, then the VOI LUT as the first Window Center/Width
 * pair with its VOI LUT Function (LINEAR, LINEAR_EXACT or SIGMOID; without a window, the image's
 * own minimum to maximum), mapped onto 0..65535, then inversion for MONOCHROME1 (or a Presentation
 * LUT Shape of INVERSE).
 *
 * <p>Takes single-frame grey images only (Samples per Pixel 1, MONOCHROME1 or MONOCHROME2); colour
 * and multi-frame images are rejected with a precise reason. Pixel data decodes from native
 * encodings of 8 or 16 bits allocated, RLE Lossless and JPEG baseline (8-bit, through ImageIO).
 */
public final class PixelPipeline {

  private static final int OUT_MAX = 65535;

  private PixelPipeline() {}

  /** Decodes the image of {@code file}. */
  public static DisplayImage decode(DicomFile file, PixelLimits limits) throws DicomFormatException {
    DicomDataset ds = file.dataset();
    DicomElement pixelData = ds.get(Tags.PIXEL_DATA);
    if (pixelData == null) {
      throw new DicomFormatException("missing pixel data", "no Pixel Data (7FE0,0010) attribute");
    }
    int rows = ds.intValue(Tags.ROWS, -1);
    int cols = ds.intValue(Tags.COLUMNS, -1);
    if (rows <= 0 || cols <= 0) {
      throw new DicomFormatException("invalid image size",
          "Rows " + rows + ", Columns " + cols + " (both must be positive)");
    }
    if (rows > limits.maxDimension() || cols > limits.maxDimension()
        || (long) rows * cols > limits.maxPixels()) {
      throw new DicomFormatException("image too large", cols + "x" + rows
          + " exceeds the limit of " + limits.maxDimension() + " pixels per side or "
          + limits.maxPixels() + " pixels");
    }
    int samples = ds.intValue(Tags.SAMPLES_PER_PIXEL, 1);
    String photometric = ds.stringOrEmpty(Tags.PHOTOMETRIC_INTERPRETATION).trim().toUpperCase(Locale.ROOT);
    if (photometric.isEmpty()) {
      photometric = samples == 1 ? "MONOCHROME2" : "";
    }
    if (samples != 1 || !(photometric.equals("MONOCHROME1") || photometric.equals("MONOCHROME2"))) {
      throw new DicomFormatException("unsupported photometric interpretation",
          "'" + DicomCharsets.printable(photometric) + "' with " + samples
              + " samples per pixel (ingest takes grey images, MONOCHROME1 or MONOCHROME2)");
    }
    int frames = ds.intValue(Tags.NUMBER_OF_FRAMES, 1);
    if (frames > 1) {
      throw new DicomFormatException("multi-frame image",
          frames + " frames (ingest takes single-frame radiographs)");
    }
    TransferSyntax syntax = file.transferSyntax();
    if (!syntax.decodable()) {
      throw new DicomFormatException("unsupported transfer syntax " + syntax.uid(), "");
    }
    int bitsAllocated = ds.intValue(Tags.BITS_ALLOCATED, -1);
    int bitsStored = ds.intValue(Tags.BITS_STORED, bitsAllocated);
    int highBit = ds.intValue(Tags.HIGH_BIT, bitsStored - 1);
    int signed = ds.intValue(Tags.PIXEL_REPRESENTATION, 0);
    if (bitsAllocated != 8 && bitsAllocated != 16) {
      throw new DicomFormatException("unsupported bits allocated",
          "Bits Allocated " + bitsAllocated + " (8 or 16 are decoded)");
    }
    if (bitsStored < 1 || bitsStored > bitsAllocated || highBit < bitsStored - 1
        || highBit >= bitsAllocated) {
      throw new DicomFormatException("invalid pixel description", "Bits Allocated " + bitsAllocated
          + ", Bits Stored " + bitsStored + ", High Bit " + highBit);
    }
    int count = rows * cols;
    int[] raw;
    if (!syntax.encapsulated()) {
      if (pixelData.isEncapsulated()) {
        throw new DicomFormatException("invalid encapsulated pixel data",
            "fragments in a native transfer syntax");
      }
      raw = nativeSamples(pixelData.value(), count, bitsAllocated, ds.bigEndian() && !"OB".equals(pixelData.vr()));
    } else {
      if (!pixelData.isEncapsulated() || pixelData.fragments().size() < 2) {
        throw new DicomFormatException("invalid encapsulated pixel data",
            "expected an offset table and at least one fragment");
      }
      List<byte[]> fragments = pixelData.fragments().subList(1, pixelData.fragments().size());
      if (syntax.uid().equals(TransferSyntax.RLE_LOSSLESS.uid())) {
        raw = rle(fragments.get(0), count, bitsAllocated);
      } else {
        raw = jpegBaseline(concat(fragments), rows, cols, bitsAllocated);
      }
    }
    int[] stored = storedValues(raw, bitsStored, highBit, signed == 1);
    double slope = ds.doubleValue(Tags.RESCALE_SLOPE, 1.0);
    double intercept = ds.doubleValue(Tags.RESCALE_INTERCEPT, 0.0);
    if (slope == 0 || Double.isNaN(slope) || Double.isInfinite(slope)) {
      throw new DicomFormatException("invalid attribute value", "Rescale Slope is 0 or not finite");
    }
    double[] center = ds.doubles(Tags.WINDOW_CENTER);
    double[] width = ds.doubles(Tags.WINDOW_WIDTH);
    String function = ds.stringOrEmpty(Tags.VOI_LUT_FUNCTION).trim().toUpperCase(Locale.ROOT);
    boolean invert = photometric.equals("MONOCHROME1")
        ^ "INVERSE".equalsIgnoreCase(ds.stringOrEmpty(Tags.PRESENTATION_LUT_SHAPE).trim());
    int[] out = new int[count];
    String how;
    boolean exactOrSigmoid = function.equals("LINEAR_EXACT") || function.equals("SIGMOID");
    boolean hasWindow = center.length > 0 && width.length > 0
        && (exactOrSigmoid ? width[0] > 0 : width[0] >= 1);
    if (hasWindow) {
      how = "window";
      voi(stored, slope, intercept, center[0], width[0], function, out);
    } else {
      how = "min-max";
      minMax(stored, slope, intercept, out);
    }
    if (invert) {
      for (int i = 0; i < count; i++) {
        out[i] = OUT_MAX - out[i];
      }
    }
    return new DisplayImage(new GrayImage(cols, rows, 16, out), bitsStored, photometric, how);
  }

  static int[] nativeSamples(byte[] value, int count, int bitsAllocated, boolean bigEndian)
      throws DicomFormatException {
    int bytesPer = bitsAllocated / 8;
    long needed = (long) count * bytesPer;
    if (value.length < needed) {
      throw new DicomFormatException("truncated pixel data",
          "expected " + needed + " bytes of pixel data, found " + value.length);
    }
    int[] raw = new int[count];
    if (bytesPer == 1) {
      for (int i = 0; i < count; i++) {
        raw[i] = value[i] & 0xFF;
      }
    } else {
      ByteBuffer buf = ByteBuffer.wrap(value).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < count; i++) {
        raw[i] = Short.toUnsignedInt(buf.getShort(2 * i));
      }
    }
    return raw;
  }

  static int[] storedValues(int[] raw, int bitsStored, int highBit, boolean signed) {
    int shift = highBit - bitsStored + 1;
    int mask = (1 << bitsStored) - 1;
    int signBit = 1 << (bitsStored - 1);
    int[] out = new int[raw.length];
    for (int i = 0; i < raw.length; i++) {
      int v = (raw[i] >>> shift) & mask;
      if (signed && (v & signBit) != 0) {
        v -= 1 << bitsStored;
      }
      out[i] = v;
    }
    return out;
  }

  private static void voi(int[] stored, double slope, double intercept, double c, double w,
      String function, int[] out) {
    for (int i = 0; i < stored.length; i++) {
      double x = stored[i] * slope + intercept;
      double y;
      switch (function) {
        case "SIGMOID" -> y = 1.0 / (1.0 + Math.exp(-4.0 * (x - c) / w));
        case "LINEAR_EXACT" -> y = (x - c) / w + 0.5;
        default -> {
          // PS3.3 C.11.2.1.2.1
          if (w <= 1) {
            y = x <= c - 0.5 ? 0 : 1;
          } else {
            y = (x - (c - 0.5)) / (w - 1) + 0.5;
          }
        }
      }
      out[i] = (int) Math.round(Math.max(0, Math.min(1, y)) * OUT_MAX);
    }
  }

  private static void minMax(int[] stored, double slope, double intercept, int[] out) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (int v : stored) {
      double x = v * slope + intercept;
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
    }
    double range = hi - lo;
    for (int i = 0; i < stored.length; i++) {
      double x = stored[i] * slope + intercept;
      out[i] = range <= 0 ? 0 : (int) Math.round((x - lo) / range * OUT_MAX);
    }
  }

  /** RLE Lossless (PS3.5 annex G): one segment per byte plane, most significant first. */
  static int[] rle(byte[] frame, int count, int bitsAllocated) throws DicomFormatException {
    if (frame.length < 64) {
      throw new DicomFormatException("invalid RLE data", "the RLE header needs 64 bytes");
    }
    ByteBuffer header = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
    int segments = header.getInt(0);
    int planes = bitsAllocated / 8;
    if (segments != planes) {
      throw new DicomFormatException("invalid RLE data",
          segments + " segments for " + planes + " byte planes");
    }
    int[] out = new int[count];
    for (int s = 0; s < segments; s++) {
      int start = header.getInt(4 + 4 * s);
      int end = s + 1 < segments ? header.getInt(8 + 4 * s) : frame.length;
      if (start < 64 || end > frame.length || start > end) {
        throw new DicomFormatException("invalid RLE data", "segment " + s + " offsets out of range");
      }
      byte[] plane = unpackBits(frame, start, end, count);
      int shift = 8 * (planes - 1 - s);
      for (int i = 0; i < count; i++) {
        out[i] |= (plane[i] & 0xFF) << shift;
      }
    }
    return out;
  }

  private static byte[] unpackBits(byte[] in, int start, int end, int count)
      throws DicomFormatException {
    byte[] out = new byte[count];
    int o = 0;
    int i = start;
    while (o < count && i < end) {
      int n = in[i++];
      if (n >= 0) {
        int len = n + 1;
        if (i + len > end || o + len > count) {
          throw new DicomFormatException("invalid RLE data", "a literal run passes the segment end");
        }
        System.arraycopy(in, i, out, o, len);
        i += len;
        o += len;
      } else if (n != -128) {
        int len = 1 - n;
        if (i >= end || o + len > count) {
          throw new DicomFormatException("invalid RLE data", "a replicate run passes the segment end");
        }
        byte b = in[i++];
        for (int k = 0; k < len; k++) {
          out[o++] = b;
        }
      }
    }
    if (o < count) {
      throw new DicomFormatException("truncated pixel data",
          "RLE segment decodes to " + o + " of " + count + " pixels");
    }
    return out;
  }

  private static int[] jpegBaseline(byte[] jpeg, int rows, int cols, int bitsAllocated)
      throws DicomFormatException {
    if (bitsAllocated != 8) {
      throw new DicomFormatException("invalid pixel description",
          "JPEG baseline with Bits Allocated " + bitsAllocated);
    }
    BufferedImage image;
    try {
      image = ImageIO.read(new ByteArrayInputStream(jpeg));
    } catch (IOException | RuntimeException e) {
      throw new DicomFormatException("corrupt JPEG pixel data", String.valueOf(e.getMessage()), e);
    }
    if (image == null) {
      throw new DicomFormatException("corrupt JPEG pixel data", "ImageIO found no JPEG image");
    }
    if (image.getRaster().getNumBands() != 1) {
      throw new DicomFormatException("unsupported photometric interpretation",
          "the JPEG stream has " + image.getRaster().getNumBands() + " components");
    }
    if (image.getWidth() != cols || image.getHeight() != rows) {
      throw new DicomFormatException("invalid JPEG pixel data", "the JPEG is " + image.getWidth()
          + "x" + image.getHeight() + ", the attributes say " + cols + "x" + rows);
    }
    return image.getRaster().getSamples(0, 0, cols, rows, 0, new int[rows * cols]);
  }

  private static byte[] concat(List<byte[]> fragments) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] f : fragments) {
      out.writeBytes(f);
    }
    return out.toByteArray();
  }
}
