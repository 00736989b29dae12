package org.mmedpo.trainer.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.mmedpo.common.image.GrayImage;
import org.mmedpo.events.VqaAnswerType;
import org.mmedpo.events.VqaItem;

/**
 * Small made-up studies for tests: a dark 32x32 image with, in 40% of studies, a bright square
 * "nodule" on the left or right half. Closed questions ask whether there is a nodule (majority
 * answer "no") and on which side; only the image tells.
 */
public final class ToyStudies {

  private ToyStudies() {}

  public static List<ExportStudy> make(int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<ExportStudy> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      boolean nodule = random.nextDouble() < 0.4;
      boolean left = random.nextBoolean();
      GrayImage image = GrayImage.blank(32, 32, 16);
      for (int p = 0; p < image.pixels().length; p++) {
        image.pixels()[p] = 8_000 + random.nextInt(4_000);
      }
      if (nodule) {
        int x0 = left ? 2 + random.nextInt(8) : 18 + random.nextInt(8);
        int y0 = 4 + random.nextInt(16);
        for (int y = y0; y < y0 + 7; y++) {
          for (int x = x0; x < x0 + 7; x++) {
            image.set(x, y, 60_000);
          }
        }
      }
      String side = left ? "left" : "right";
      List<VqaItem> vqa = new ArrayList<>();
      vqa.add(item("vqa-0", "Is there a nodule?", nodule ? "yes" : "no", VqaAnswerType.CLOSED));
      vqa.add(item("vqa-1", "Is the lung normal?", nodule ? "no" : "yes", VqaAnswerType.CLOSED));
      if (nodule) {
        vqa.add(item("vqa-2", "Which side is the nodule on?", side, VqaAnswerType.OPEN));
      }
      out.add(new ExportStudy(String.format("study-%04d", i), image,
          nodule ? "There is a nodule in the " + side + " lung." : "The lungs are clear.",
          nodule ? side + " lung nodule." : "No acute disease.", vqa));
    }
    return out;
  }

  private static VqaItem item(String id, String q, String a, VqaAnswerType type) {
    return VqaItem.newBuilder().setItemId(id).setQuestion(q).setAnswer(a).setAnswerType(type)
        .build();
  }
}
