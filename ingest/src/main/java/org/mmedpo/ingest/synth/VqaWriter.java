package org.mmedpo.ingest.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.mmedpo.events.VqaAnswerType;
import org.mmedpo.events.VqaItem;
import org.mmedpo.ingest.lexicon.FindingLexicon;

/**
 * Med-VQA items of a synthetic study, from its ground truth: closed presence questions about
 * present and absent findings, normality, laterality; open questions about side, location, size
 * and the main finding.
 *
 * <p>A textual prior on purpose: presence questions about a present finding are phrased "Is there
 * evidence of ...?" 70% of the time, about an absent one 30% of the time, so a model can guess
 * from wording alone; and "no" is the majority answer of presence questions. A model that looks at
 * the image does better than either prior.
 */
public final class VqaWriter {

  private final FindingLexicon lexicon;

  public VqaWriter(FindingLexicon lexicon) {
    this.lexicon = lexicon;
  }

  /** The items of {@code plan}, ids {@code vqa-0}, {@code vqa-1}, ... */
  public List<VqaItem> write(StudyPlan plan, SplittableRandom rng) {
    List<VqaItem> items = new ArrayList<>();
    for (PlannedFinding f : plan.findings()) {
      items.add(presence(f.label(), true, rng, items.size()));
    }
    List<String> absent = new ArrayList<>(lexicon.labels());
    plan.findings().forEach(f -> absent.remove(f.label()));
    ReportWriter.shuffle(absent, rng);
    int negatives = 1 + rng.nextInt(2);
    for (int k = 0; k < negatives; k++) {
      items.add(presence(absent.get(k), false, rng, items.size()));
    }
    items.add(item(items.size(), ReportWriter.pick(List.of("Is this chest X-ray normal?",
        "Is the chest radiograph normal?"), rng), plan.normal() ? "yes" : "no",
        VqaAnswerType.CLOSED, "presence"));
    items.add(item(items.size(), ReportWriter.pick(List.of("What is the main abnormality?",
        "What abnormality is seen?"), rng),
        plan.normal() ? "none" : plan.findings().get(0).label(), VqaAnswerType.OPEN, "finding"));
    for (PlannedFinding f : plan.findings()) {
      String name = f.label();
      if (f.side() != null) {
        String side = f.side().equals("bilateral") ? "both" : f.side();
        items.add(item(items.size(), "Which side is the " + name + " on?", side, VqaAnswerType.OPEN, "laterality"));
        if (!f.side().equals("bilateral")) {
          String asked = rng.nextBoolean() ? "left" : "right";
          items.add(item(items.size(), "Is the " + name + " on the " + asked + " side?",
              asked.equals(f.side()) ? "yes" : "no", VqaAnswerType.CLOSED, "laterality"));
        }
      }
      if (name.equals("cardiomegaly")) {
        items.add(item(items.size(), "Is the heart enlarged?", "yes", VqaAnswerType.CLOSED, "presence"));
      } else {
        items.add(item(items.size(), "Where is the " + name + "?", f.location(), VqaAnswerType.OPEN, "location"));
      }
      items.add(item(items.size(), "How large is the " + name + "?", f.severity(), VqaAnswerType.OPEN, "size"));
    }
    return items;
  }

  private static VqaItem presence(String label, boolean present, SplittableRandom rng, int index) {
    boolean evidence = rng.nextDouble() < (present ? 0.7 : 0.3);
    String question = label.equals("cardiomegaly")
        ? (evidence ? "Is there evidence of cardiomegaly?" : "Is the heart enlarged?")
        : (evidence ? "Is there evidence of " + withArticle(label) + "?" : "Is there " + withArticle(label) + "?");
    return item(index, question, present ? "yes" : "no", VqaAnswerType.CLOSED, "presence");
  }

  private static String withArticle(String label) {
    return switch (label) {
      case "consolidation", "atelectasis", "pneumothorax" -> label.equals("pneumothorax") ? "a pneumothorax" : label;
      default -> ReportWriter.article(label) + " " + label;
    };
  }

  private static VqaItem item(int index, String question, String answer, VqaAnswerType type, String category) {
    return VqaItem.newBuilder().setItemId("vqa-" + index).setQuestion(question).setAnswer(answer)
        .setAnswerType(type).setCategory(category).build();
  }
}
