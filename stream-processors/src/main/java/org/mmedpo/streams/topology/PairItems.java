package org.mmedpo.streams.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mmedpo.events.ImageReportPair;
import org.mmedpo.events.ItemType;
import org.mmedpo.events.VqaAnswerType;
import org.mmedpo.events.VqaItem;
import org.mmedpo.common.text.ReportText;

/**
 * The items of a pair that become preference samples: the report (findings and impression), when
 * it has text, and each VQA item with an answer.
 */
public final class PairItems {

  /** Item id of the report item. */
  public static final String REPORT = "report";

  /** One item: what is asked and the ground truth. */
  public record Item(String itemId, ItemType type, String prompt, String chosen) {}

  private PairItems() {}

  public static List<Item> of(ImageReportPair pair, String reportPrompt) {
    List<Item> items = new ArrayList<>();
    String report = ReportText.compose(pair.getFindings(), pair.getImpression());
    if (!report.isBlank()) {
      items.add(new Item(REPORT, ItemType.REPORT, reportPrompt, report));
    }
    for (VqaItem vqa : pair.getVqa()) {
      if (vqa.getAnswer() != null && !vqa.getAnswer().isBlank() && vqa.getQuestion() != null
          && !vqa.getQuestion().isBlank()) {
        ItemType type = vqa.getAnswerType() == VqaAnswerType.CLOSED ? ItemType.VQA_CLOSED : ItemType.VQA_OPEN;
        items.add(new Item(vqa.getItemId(), type, vqa.getQuestion(), vqa.getAnswer()));
      }
    }
    return items;
  }

  /** The item {@code itemId} of {@code pair}. */
  public static Optional<Item> find(ImageReportPair pair, String reportPrompt, String itemId) {
    return of(pair, reportPrompt).stream().filter(i -> i.itemId().equals(itemId)).findFirst();
  }
}
