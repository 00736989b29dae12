package org.mmedpo.dashboard.display;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.mmedpo.common.image.GrayImage;
import org.mmedpo.common.image.PngCodec;

class DisplayImagesTest {

  @Test
  void shouldMapTheWindowLinearlyAndClipOutsideIt() {
    GrayImage image = new GrayImage(4, 1, 16, new int[] {0, 1500, 2000, 65535});
    GrayImage shown = DisplayImages.window(image, 1500.0, 1000.0);
    assertThat(shown.bits()).isEqualTo(8);
    assertThat(shown.pixels()).containsExactly(0, 128, 255, 255);
  }

  @Test
  void shouldStretchA16BitImageWithoutWindowToItsOwnRange() {
    GrayImage image = new GrayImage(3, 1, 16, new int[] {100, 180, 500});
    assertThat(DisplayImages.window(image, null, null).pixels()).containsExactly(0, 51, 255);
  }

  @Test
  void shouldLeaveAn8BitImageWithoutWindowAsItIs() {
    GrayImage image = new GrayImage(3, 1, 8, new int[] {0, 77, 255});
    assertThat(DisplayImages.window(image, null, null).pixels()).containsExactly(0, 77, 255);
  }

  @Test
  void shouldEncodeTheWindowedImageAsAn8BitPng() {
    GrayImage image = new GrayImage(2, 2, 16, new int[] {0, 4095, 2048, 1024});
    GrayImage decoded = PngCodec.decode(DisplayImages.windowedPng(image, 2048.0, 4096.0));
    assertThat(decoded.bits()).isEqualTo(8);
    assertThat(decoded.width()).isEqualTo(2);
  }

  @Test
  void shouldOutlineOnlyTheBoundaryOfTheMask() {
    GrayImage mask = GrayImage.blank(7, 7, 8);
    for (int y = 1; y <= 5; y++) {
      for (int x = 1; x <= 5; x++) {
        mask.set(x, y, 255);
      }
    }
    boolean[] band = DisplayImages.outline(mask, 1);
    assertThat(band[1 * 7 + 1]).as("corner of the region").isTrue();
    assertThat(band[1 * 7 + 3]).as("top edge").isTrue();
    assertThat(band[3 * 7 + 3]).as("centre").isFalse();
    assertThat(band[0]).as("outside").isFalse();
    int count = 0;
    for (boolean b : band) {
      count += b ? 1 : 0;
    }
    assertThat(count).isEqualTo(16);
  }

  @Test
  void shouldDrawTheOutlineOpaqueAndLeaveTheRestTransparent() throws Exception {
    GrayImage mask = GrayImage.blank(64, 64, 8);
    for (int y = 20; y < 40; y++) {
      for (int x = 20; x < 40; x++) {
        mask.set(x, y, 255);
      }
    }
    BufferedImage overlay = ImageIO.read(new ByteArrayInputStream(DisplayImages.outlinePng(mask)));
    assertThat(overlay.getColorModel().hasAlpha()).isTrue();
    assertThat(overlay.getRGB(20, 30)).isEqualTo(0xFF000000 | DisplayImages.OUTLINE_RGB);
    assertThat(overlay.getRGB(30, 30) >>> 24).as("inside stays see-through").isZero();
    assertThat(overlay.getRGB(5, 5) >>> 24).as("outside stays see-through").isZero();
  }

  @Test
  void shouldThickenTheOutlineOnLargeImages() {
    assertThat(DisplayImages.thickness(GrayImage.blank(64, 64, 8))).isEqualTo(1);
    assertThat(DisplayImages.thickness(GrayImage.blank(1024, 1024, 8))).isEqualTo(4);
  }
}
