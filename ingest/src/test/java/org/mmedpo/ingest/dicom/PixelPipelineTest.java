package org.mmedpo.ingest.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mmedpo.common.image.GrayImage;
import org.mmedpo.ingest.TestDicom;

class PixelPipelineTest {

  private final DicomParser parser = new DicomParser(1 << 26);

  /** A 4x2 image whose stored values span 0..4095 in known steps. */
  private static DicomWriter ramp() {
    return TestDicom.image("2.25.1", "2.25.1.1", "A1", "Doe^Jane", "123", 2, 4)
        .pixels(new int[] {0, 585, 1170, 1755, 2340, 2925, 3510, 4095}, 16, 4);
  }

  private GrayImage decode(byte[] file) throws DicomFormatException {
    return PixelPipeline.decode(parser.parse(file), PixelLimits.DEFAULT).image();
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.2",
      "1.2.840.10008.1.2.1.99", "1.2.840.10008.1.2.5"})
  void shouldDecodeTheSamePixelsInEveryLosslessTransferSyntax(String uid) throws Exception {
    GrayImage expected = decode(ramp().toPart10(TransferSyntax.EXPLICIT_VR_LE));
    GrayImage actual = decode(ramp().toPart10(TransferSyntax.of(uid)));
    assertThat(actual).isEqualTo(expected);
    assertThat(actual.pixels()).containsExactly(0, 9362, 18724, 28086, 37449, 46811, 56173, 65535);
  }

  @Test
  void shouldDecodeJpegBaselineWithinItsLossyTolerance() throws Exception {
    int[] flat = new int[64 * 64];
    for (int i = 0; i < flat.length; i++) {
      flat[i] = (i % 64) * 4;
    }
    DicomWriter w = TestDicom.image("2.25.2", "2.25.2.1", "A2", "Doe^Jane", "123", 64, 64)
        .us(Tags.BITS_ALLOCATED, 8).us(Tags.BITS_STORED, 8).us(Tags.HIGH_BIT, 7)
        .pixels(flat, 8, 64);
    GrayImage lossless = decode(w.toPart10(TransferSyntax.EXPLICIT_VR_LE));
    GrayImage jpeg = decode(w.toPart10(TransferSyntax.JPEG_BASELINE));
    double error = 0;
    for (int i = 0; i < flat.length; i++) {
      error += Math.abs(lossless.pixels()[i] - jpeg.pixels()[i]);
    }
    assertThat(error / flat.length / 65535).isLessThan(0.02);
  }

  @Test
  void shouldRescaleThenWindowPerPs33() throws Exception {
    // Slope 2, intercept -1000: x = 0, 1000, 2000, 3000. Window centre 1000, width 2001:
    // y = ((x - 999.5) / 2000 + 0.5) clipped to [0, 1] (PS3.3 C.11.2.1.2.1).
    DicomWriter w = TestDicom.image("2.25.3", "2.25.3.1", "A3", "Doe^Jane", "123", 1, 4)
        .pixels(new int[] {500, 1000, 1500, 2000}, 16, 4)
        .text(Tags.RESCALE_SLOPE, "DS", "2").text(Tags.RESCALE_INTERCEPT, "DS", "-1000")
        .text(Tags.WINDOW_CENTER, "DS", "1000").text(Tags.WINDOW_WIDTH, "DS", "2001");
    GrayImage image = decode(w.toPart10(TransferSyntax.EXPLICIT_VR_LE));
    assertThat(image.pixels()).containsExactly(16, 32784, 65535, 65535);
  }

  @Test
  void shouldInvertMonochrome1SoThatHigherIsBrighter() throws Exception {
    GrayImage m2 = decode(ramp().toPart10(TransferSyntax.EXPLICIT_VR_LE));
    GrayImage m1 = decode(ramp().text(Tags.PHOTOMETRIC_INTERPRETATION, "CS", "MONOCHROME1")
        .toPart10(TransferSyntax.EXPLICIT_VR_LE));
    for (int i = 0; i < m2.pixels().length; i++) {
      assertThat(m1.pixels()[i]).isEqualTo(65535 - m2.pixels()[i]);
    }
  }

  @Test
  void shouldSignExtendSignedPixels() throws Exception {
    // 12 bits stored, signed: 0x800 is -2048, 0xFFF is -1, 0x7FF is 2047; no window, so the
    // range -2048..2047 maps onto 0..65535 and -1 lands at 2047/4095.
    DicomWriter w = TestDicom.image("2.25.4", "2.25.4.1", "A4", "Doe^Jane", "123", 1, 3)
        .us(Tags.PIXEL_REPRESENTATION, 1).pixels(new int[] {0x800, 0xFFF, 0x7FF}, 16, 3);
    GrayImage image = decode(w.toPart10(TransferSyntax.EXPLICIT_VR_LE));
    assertThat(image.pixels()).containsExactly(0, 32759, 65535);
  }

  @Test
  void shouldRejectUnsupportedTransferSyntaxWithItsUid() throws Exception {
    byte[] file = ramp().toPart10(TransferSyntax.of("1.2.840.10008.1.2.4.90"));
    assertThatThrownBy(() -> decode(file)).isInstanceOf(DicomFormatException.class)
        .extracting(e -> ((DicomFormatException) e).reason())
        .isEqualTo("unsupported transfer syntax 1.2.840.10008.1.2.4.90");
  }

  @Test
  void shouldRejectHugeImagesBeforeAllocating() throws Exception {
    byte[] file = ramp().us(Tags.ROWS, 50_000).us(Tags.COLUMNS, 50_000).toPart10(TransferSyntax.EXPLICIT_VR_LE);
    assertThatThrownBy(() -> PixelPipeline.decode(parser.parse(file), new PixelLimits(8192, 1L << 26)))
        .extracting(e -> ((DicomFormatException) e).reason()).isEqualTo("image too large");
  }

  @Test
  void shouldRejectMissingAndTruncatedPixelData() throws Exception {
    byte[] none = ramp().remove(Tags.PIXEL_DATA).toPart10(TransferSyntax.EXPLICIT_VR_LE);
    assertThatThrownBy(() -> decode(none)).extracting(e -> ((DicomFormatException) e).reason())
        .isEqualTo("missing pixel data");
    byte[] full = ramp().toPart10(TransferSyntax.EXPLICIT_VR_LE);
    byte[] cut = java.util.Arrays.copyOf(full, full.length - 5);
    assertThatThrownBy(() -> decode(cut)).extracting(e -> ((DicomFormatException) e).reason())
        .isEqualTo("truncated pixel data");
    byte[] shortPixels = ramp().us(Tags.ROWS, 4).toPart10(TransferSyntax.EXPLICIT_VR_LE);
    assertThatThrownBy(() -> decode(shortPixels)).extracting(e -> ((DicomFormatException) e).reason())
        .isEqualTo("truncated pixel data");
  }

  @Test
  void shouldRejectEmptyAndNonDicomFiles() {
    assertThatThrownBy(() -> parser.parse(new byte[0])).extracting(e -> ((DicomFormatException) e).reason())
        .isEqualTo("empty file");
    assertThatThrownBy(() -> parser.parse("hello, this is not DICOM".getBytes(StandardCharsets.US_ASCII)))
        .extracting(e -> ((DicomFormatException) e).reason()).isEqualTo("not a DICOM file");
  }

  @Test
  void shouldReadBareDataSetsWithoutPreamble() throws Exception {
    GrayImage expected = decode(ramp().toPart10(TransferSyntax.EXPLICIT_VR_LE));
    assertThat(decode(ramp().toBareDataSet(TransferSyntax.IMPLICIT_VR_LE))).isEqualTo(expected);
    assertThat(decode(ramp().toBareDataSet(TransferSyntax.EXPLICIT_VR_BE))).isEqualTo(expected);
  }

  @Test
  void shouldDecodeTextInTheDeclaredCharacterSetAndRejectUnknownOnes() throws Exception {
    DicomWriter latin = ramp().text(Tags.SPECIFIC_CHARACTER_SET, "CS", "ISO_IR 100")
        .textCharset(StandardCharsets.ISO_8859_1).text(Tags.PATIENT_NAME, "PN", "Müller^Zoë");
    assertThat(parser.parse(latin.toPart10(TransferSyntax.EXPLICIT_VR_LE)).dataset().string(Tags.PATIENT_NAME))
        .isEqualTo("Müller^Zoë");
    DicomWriter unknown = ramp().text(Tags.SPECIFIC_CHARACTER_SET, "CS", "ISO_IR 999");
    assertThatThrownBy(() -> parser.parse(unknown.toPart10(TransferSyntax.EXPLICIT_VR_LE)))
        .extracting(e -> ((DicomFormatException) e).reason()).isEqualTo("unsupported character set");
  }

  @Test
  void shouldReadNestedSequencesOfUndefinedLength() throws Exception {
    DicomWriter item = new DicomWriter().text(Tags.REFERRING_PHYSICIAN_NAME, "PN", "Quimbyson^Ada");
    DicomWriter w = ramp().sequence(0x00081110, java.util.List.of(item, item));
    for (TransferSyntax ts : new TransferSyntax[] {TransferSyntax.EXPLICIT_VR_LE, TransferSyntax.IMPLICIT_VR_LE}) {
      DicomFile file = parser.parse(w.toPart10(ts));
      assertThat(file.dataset().get(0x00081110).items()).hasSize(2);
      assertThat(decode(w.toPart10(ts))).isEqualTo(decode(ramp().toPart10(ts)));
    }
  }
}
