package org.mmedpo.streams.hallucination;

import java.util.List;
import java.util.SplittableRandom;
import org.mmedpo.events.ItemType;
import org.mmedpo.streams.radiology.RadiologyLexicon;
import org.mmedpo.common.text.ReportText;

/**
 * The built-in clinical hallucination engine: parses the ground truth into findings with the
 * radiology lexicon and writes a medically wrong but plausible variant by named operations
 * (negate, swap laterality, move location, change severity, substitute a confusable finding,
 * invent, omit, change the impression; a confident wrong answer for VQA). No model, no network:
 * deterministic for a seed, about a hundred microseconds per item.
 */
public final class ClinicalHallucinationEngine implements Hallucinator {

  /** Generator name recorded in variants. */
  public static final String NAME = "clinical-engine";
  private static final String ENGINE_VERSION = "1";

  private final RadiologyLexicon lexicon;
  private final ReportEditor reports;
  private final VqaAnswerWriter answers;

  public ClinicalHallucinationEngine(RadiologyLexicon lexicon) {
    this.lexicon = lexicon;
    this.reports = new ReportEditor(lexicon);
    this.answers = new VqaAnswerWriter(lexicon);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String version() {
    return ENGINE_VERSION + "+lexicon-" + lexicon.version();
  }

  @Override
  public HallucinatedText hallucinate(HallucinationRequest request) {
    SplittableRandom rng = new SplittableRandom(request.seed());
    if (request.itemType() == ItemType.REPORT) {
      ReportText.Sections sections = ReportText.split(request.chosen());
      if (sections.findings().isBlank() && sections.impression().isBlank()) {
        throw new HallucinationException("empty report", "the report has neither findings nor impression");
      }
      ReportEditor.Result result = reports.hallucinate(sections.findings(), sections.impression(),
          request.isChest(), rng).orElseThrow(() -> new HallucinationException("no plausible hallucination",
              "no operation of the engine applies to this report"));
      return new HallucinatedText(ReportText.compose(result.findings(), result.impression()),
          result.operations(), NAME, version());
    }
    if (request.chosen() == null || request.chosen().isBlank()) {
      throw new HallucinationException("empty answer", "the VQA item has no ground-truth answer");
    }
    VqaAnswerWriter.Result result = answers.answer(request.prompt(), request.chosen(),
        request.imageNoun(), rng);
    return new HallucinatedText(result.text(), List.of(result.operation()), NAME, version());
  }
}
