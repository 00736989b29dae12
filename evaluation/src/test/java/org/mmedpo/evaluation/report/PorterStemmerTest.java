package org.mmedpo.evaluation.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
    List<String> mismatches = new ArrayList<>();
    String[] pairs = NltkReference.PORTER_STEMS.split(" ");
    for (String pair : pairs) {
      String[] wordAndStem = pair.split("=");
      String stem = stemmer.stem(wordAndStem[0]);
      if (!stem.equals(wordAndStem[1])) {
        mismatches.add(pair + " but got " + stem);
      }
    }
    assertThat(mismatches).isEmpty();
    assertThat(pairs).hasSizeGreaterThan(100);
  }

  @Test
  void shouldMatchNltkOnFiveThousandWordNetLemmas() throws IOException {
    // nltk-porter-stems.tsv: NLTK's stems of a random sample of WordNet lemmas (nltk_reference.py).
    List<String> lines;
    try (InputStream in = getClass().getResourceAsStream("/nltk-porter-stems.tsv")) {
      lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .filter(line -> !line.startsWith("#")).toList();
    }
    List<String> mismatches = new ArrayList<>();
    for (String line : lines) {
      String[] wordAndStem = line.split("\t");
      String stem = stemmer.stem(wordAndStem[0]);
      if (!stem.equals(wordAndStem[1])) {
        mismatches.add(line + " but got " + stem);
      }
    }
    assertThat(mismatches).isEmpty();
    assertThat(lines).hasSize(5000);
  }
}
