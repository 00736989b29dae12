package org.mmedpo.evaluation.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

class PorterStemmerTest {

  private final PorterStemmer stemmer = new PorterStemmer();

  @Test
  void shouldFollowThePaperOnItsOwnExamples() {
    // Porter (1980), steps 1a-5b: caresses -> caress, ponies -> poni, plastered -> plaster,
    // motoring -> motor, hopping -> hop, filing -> file (m=1 and *o), relational -> relate -> relat,
    // electrical -> electric -> electr, adoption -> adopt (*t before "ion"), controll -> control.
    assertThat(stemmer.stem("caresses")).isEqualTo("caress");
    assertThat(stemmer.stem("ponies")).isEqualTo("poni");
    assertThat(stemmer.stem("plastered")).isEqualTo("plaster");
    assertThat(stemmer.stem("motoring")).isEqualTo("motor");
    assertThat(stemmer.stem("hopping")).isEqualTo("hop");
    assertThat(stemmer.stem("filing")).isEqualTo("file");
    assertThat(stemmer.stem("relational")).isEqualTo("relat");
    assertThat(stemmer.stem("electrical")).isEqualTo("electr");
    assertThat(stemmer.stem("adoption")).isEqualTo("adopt");
    assertThat(stemmer.stem("controll")).isEqualTo("control");
  }

  @Test
  void shouldApplyNltkExtensions() {
    // Irregular forms, "ies" on four letters, y -> i only after a consonant, short words untouched.
    assertThat(stemmer.stem("dying")).isEqualTo("die");
    assertThat(stemmer.stem("ties")).isEqualTo("tie");
    assertThat(stemmer.stem("enjoy")).isEqualTo("enjoy");
    assertThat(stemmer.stem("happy")).isEqualTo("happi");
    assertThat(stemmer.stem("is")).isEqualTo("is");
  }

  @Test
  void shouldLowerCaseItsInput() {
    assertThat(stemmer.stem("Effusions")).isEqualTo("effus");
  }

  @Test
  void shouldMatchNltkOnEveryReferenceWord() {
    SoftAssertions softly = new SoftAssertions();
    for (String pair : NltkReference.PORTER_STEMS.split(" ")) {
      String[] wordAndStem = pair.split("=");
      softly.assertThat(stemmer.stem(wordAndStem[0])).as(wordAndStem[0]).isEqualTo(wordAndStem[1]);
    }
    softly.assertAll();
    assertThat(NltkReference.PORTER_STEMS.split(" ")).hasSizeGreaterThan(100);
  }
}
