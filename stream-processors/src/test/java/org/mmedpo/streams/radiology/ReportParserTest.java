package org.mmedpo.streams.radiology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportParserTest {

  private final ReportParser parser = new ReportParser(RadiologyLexicon.standard());

  @Test
  void shouldReadSideLocationAndSizeOfAPresentFinding() {
    ParsedText parsed = parser.parse("There is a small right apical pneumothorax.");
    FindingMention m = parsed.first("pneumothorax").orElseThrow();
    assertThat(m.present()).isTrue();
    assertThat(m.laterality().value()).isEqualTo("right");
    assertThat(m.location().value()).isEqualTo("apical");
    assertThat(m.severity().value()).isEqualTo("small");
  }

  @Test
  void shouldNegateEveryFindingOfANegatedList() {
    ParsedText parsed = parser.parse("No pleural effusion, pneumothorax, or focal consolidation.");
    assertThat(parsed.mentions()).extracting(FindingMention::name)
        .containsExactly("pleural effusion", "pneumothorax", "consolidation");
    assertThat(parsed.mentions()).noneMatch(FindingMention::present);
  }

  @Test
  void shouldEndNegationAtButAndAtAssertions() {
    ParsedText parsed = parser.parse(
        "There is no pneumothorax, but there is a moderate left pleural effusion.");
    assertThat(parsed.first("pneumothorax").orElseThrow().present()).isFalse();
    FindingMention effusion = parsed.first("pleural effusion").orElseThrow();
    assertThat(effusion.present()).isTrue();
    assertThat(effusion.laterality().value()).isEqualTo("left");
    assertThat(effusion.severity().value()).isEqualTo("moderate");
  }

  @Test
  void shouldNegateFindingsBeforeAPostCueButNotAssertedOnes() {
    ParsedText parsed = parser.parse("There is a small effusion, pneumothorax is not seen.");
    Map<String, FindingMention> claims = parsed.claims();
    assertThat(claims.get("pleural effusion").present()).isTrue();
    assertThat(claims.get("pneumothorax").present()).isFalse();
    assertThat(parser.parse("The effusion has resolved.").mentions().get(0).present()).isFalse();
  }

  @Test
  void shouldAttachAttributesToTheFindingOfTheirChunk() {
    ParsedText parsed = parser.parse(
        "Bilateral pleural effusions and right lower lobe atelectasis.");
    FindingMention effusion = parsed.first("pleural effusion").orElseThrow();
    FindingMention atelectasis = parsed.first("atelectasis").orElseThrow();
    assertThat(effusion.laterality().value()).isEqualTo("bilateral");
    assertThat(effusion.plural()).isTrue();
    assertThat(atelectasis.laterality().value()).isEqualTo("right");
    assertThat(atelectasis.location().value()).isEqualTo("lower lobe");
  }

  @Test
  void shouldAttachATrailingLocationPhraseToThePrecedingFinding() {
    ParsedText parsed = parser.parse("There is consolidation, predominantly in the left upper lobe.");
    FindingMention m = parsed.first("consolidation").orElseThrow();
    assertThat(m.laterality().value()).isEqualTo("left");
    assertThat(m.location().value()).isEqualTo("upper lobe");
  }

  @Test
  void shouldImplySidesFromBibasilarAndLingula() {
    FindingMention bibasilar = parser.parse("Bibasilar atelectasis.").first("atelectasis").orElseThrow();
    assertThat(bibasilar.laterality().value()).isEqualTo("bilateral");
    assertThat(bibasilar.hasExplicitLaterality()).isFalse();
    FindingMention lingula = parser.parse("Opacity in the lingula.").first("opacity").orElseThrow();
    assertThat(lingula.laterality().value()).isEqualTo("left");
  }

  @Test
  void shouldKeepFindingsPresentAfterNoIntervalChange() {
    ParsedText parsed = parser.parse("No interval change in the small right pleural effusion.");
    assertThat(parsed.first("pleural effusion").orElseThrow().present()).isTrue();
  }

  @Test
  void shouldRecognizeNormalStatementsAndWhatTheyDeny() {
    ParsedText parsed = parser.parse("The heart size is normal. The lungs are clear.");
    assertThat(parsed.normals()).hasSize(2);
    assertThat(parsed.deniedByNormals()).contains("cardiomegaly", "consolidation");
  }

  @Test
  void shouldFindModalityConceptsAndAbsurdities() {
    ParsedText parsed = parser.parse("This chest X-ray was taken using an MRI machine.");
    assertThat(parsed.conceptMembers("modality")).containsExactlyInAnyOrder("x-ray", "mri");
    assertThat(parsed.absurdities()).containsExactly("using an mri machine");
  }

  @Test
  void shouldReadQuestionsAndShortAnswers() {
    assertThat(parser.parse("Is there evidence of a pneumothorax").first("pneumothorax")
        .orElseThrow().present()).isTrue();
    assertThat(parser.parse("Is the heart enlarged?").first("cardiomegaly")).isPresent();
    assertThat(parser.parse("No, the heart is not enlarged.").normals()).hasSize(1);
    assertThat(parser.parse("Yes, the chest X-ray shows an enlarged heart.").first("cardiomegaly")
        .orElseThrow().present()).isTrue();
  }
}
