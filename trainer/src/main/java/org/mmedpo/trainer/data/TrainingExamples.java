package org.mmedpo.trainer.data;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.mmedpo.common.blob.Sha256;
import org.mmedpo.common.text.ReportText;
import org.mmedpo.events.ItemType;
import org.mmedpo.events.VqaAnswerType;
import org.mmedpo.events.VqaItem;

/** Turns studies into examples and splits them by study. */
public final class TrainingExamples {

  /** The report instruction, shared with the stream processors. */
  public static final String REPORT_PROMPT = ReportText.PROMPT;

  private TrainingExamples() {}

  /** The report as the model writes it, shared with the stream processors. */
  public static String reportText(String findings, String impression) {
    return ReportText.compose(findings, impression);
  }

  /** One report example and one example per VQA item of every study. */
  public static List<TrainingExample> of(List<ExportStudy> studies) {
    List<TrainingExample> out = new ArrayList<>();
    for (ExportStudy s : studies) {
      out.add(new TrainingExample(s.studyId() + "/report", s.studyId(), s.image(), REPORT_PROMPT,
          reportText(s.findings(), s.impression()), ItemType.REPORT));
      for (VqaItem item : s.vqa()) {
        out.add(new TrainingExample(s.studyId() + "/" + item.getItemId(), s.studyId(), s.image(),
            item.getQuestion(), item.getAnswer(),
            item.getAnswerType() == VqaAnswerType.CLOSED ? ItemType.VQA_CLOSED
                : ItemType.VQA_OPEN));
      }
    }
    return out;
  }

  /**
   * True when {@code studyId} belongs to the validation split: the first four bytes of its
   * SHA-256, as an unsigned number, modulo 100 are below {@code percent}. The same study is
   * always on the same side, whatever else the export holds.
   */
  public static boolean isValidation(String studyId, int percent) {
    byte[] hash = Sha256.digest().digest(studyId.getBytes(StandardCharsets.UTF_8));
    long bucket = Integer.toUnsignedLong(ByteBuffer.wrap(hash).getInt()) % 100;
    return bucket < percent;
  }

  /** Examples of studies in the training split. */
  public static List<TrainingExample> train(List<TrainingExample> all, int percent) {
    return all.stream().filter(e -> !isValidation(e.studyId(), percent)).toList();
  }

  /** Examples of studies in the validation split. */
  public static List<TrainingExample> validation(List<TrainingExample> all, int percent) {
    return all.stream().filter(e -> isValidation(e.studyId(), percent)).toList();
  }
}
