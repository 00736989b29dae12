package org.mmedpo.common.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PngCodecTest {

  @Test
  void shouldRoundTrip16BitSamplesExactly() {
    GrayImage image = random(37, 23, 16, 1);
    image.set(0, 0, 0);
    image.set(1, 0, 65535);
    assertThat(PngCodec.decode(PngCodec.encode(image))).isEqualTo(image);
  }

  @Test
  void shouldRoundTrip8BitMasks() {
    GrayImage mask = random(16, 9, 8, 2);
    assertThat(PngCodec.decode(PngCodec.encode(mask))).isEqualTo(mask);
  }

  @Test
  void shouldWriteAPngThatImageIoReadsAsUnsignedShortGrey() throws Exception {
    GrayImage image = random(8, 4, 16, 3);
    BufferedImage read = ImageIO.read(new ByteArrayInputStream(PngCodec.encode(image)));
    assertThat(read.getType()).isEqualTo(BufferedImage.TYPE_USHORT_GRAY);
    assertThat(read.getRaster().getSample(5, 3, 0)).isEqualTo(image.get(5, 3));
  }

  @Test
  void shouldEncodeDeterministically() {
    assertThat(PngCodec.encode(random(20, 20, 16, 4))).isEqualTo(PngCodec.encode(random(20, 20, 16, 4)));
  }

  @Test
  void shouldRejectBytesThatAreNotAPng() {
    assertThatThrownBy(() -> PngCodec.decode(new byte[] {1, 2, 3}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a PNG");
  }

  @Test
  void shouldRejectInconsistentImages() {
    assertThatThrownBy(() -> new GrayImage(2, 2, 16, new int[3])).hasMessageContaining("expected 4 pixels");
    assertThatThrownBy(() -> new GrayImage(2, 2, 12, new int[4])).hasMessageContaining("8 or 16");
  }

  private static GrayImage random(int w, int h, int bits, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    GrayImage image = GrayImage.blank(w, h, bits);
    for (int i = 0; i < image.pixels().length; i++) {
      image.pixels()[i] = random.nextInt(image.maxValue() + 1);
    }
    return image;
  }
}
