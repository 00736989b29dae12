package org.mmedpo.evaluation.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WordNetTest {

  @TempDir Path dir;
  private WordNet wordNet;

  /**
   * A miniature database in the Princeton format, written with the byte offsets the index must
   * point at: nouns {heart, ticker} {heart, center, centre} {goose} {lung}, verbs {run, go}
   * {lie, lie_down}, adjectives {big, large} {galore(ip)}, adverbs {well, good}, and the exceptions
   * geese -> goose, ran -> run, bigger -> big.
   */
  @BeforeEach
  void writeMiniatureDatabase() throws IOException {
    writePart("noun", "n", List.of(
        List.of("heart", "ticker"), List.of("heart", "center", "centre"), List.of("goose"),
        List.of("lung")), "geese goose\n");
    writePart("verb", "v", List.of(List.of("run", "go"), List.of("lie", "lie_down")), "ran run\n");
    writePart("adj", "a", List.of(List.of("big(a)", "large(a)"), List.of("galore(ip)")), "bigger big\n");
    writePart("adv", "r", List.of(List.of("well", "good")), "");
    wordNet = WordNet.load(dir);
  }

  private void writePart(String suffix, String pos, List<List<String>> synsets, String exceptions)
      throws IOException {
    StringBuilder data = new StringBuilder("  1 A licence header line starts with two spaces.\n");
    Map<String, List<Integer>> offsets = new TreeMap<>();
    for (List<String> words : synsets) {
      int offset = data.length(); // ASCII: characters are bytes
      StringBuilder line = new StringBuilder(String.format("%08d 03 %s %02x ", offset, pos, words.size()));
      for (String word : words) {
        line.append(word).append(" 0 ");
        String lemma = WordNet.withoutSyntacticMarker(word).toLowerCase();
        offsets.computeIfAbsent(lemma, k -> new ArrayList<>()).add(offset);
      }
      data.append(line).append("000 | a gloss; \"an example\"\n");
    }
    StringBuilder index = new StringBuilder("  1 A licence header line starts with two spaces.\n");
    offsets.forEach((lemma, list) -> {
      // lemma pos synset_cnt p_cnt ptr_symbol sense_cnt tagsense_cnt offsets...
      index.append(lemma).append(' ').append(pos).append(' ').append(list.size()).append(" 1 @ ")
          .append(list.size()).append(" 0");
      list.forEach(o -> index.append(String.format(" %08d", o)));
      index.append(" \n");
    });
    Files.writeString(dir.resolve("data." + suffix), data, StandardCharsets.US_ASCII);
    Files.writeString(dir.resolve("index." + suffix), index, StandardCharsets.US_ASCII);
    Files.writeString(dir.resolve(suffix + ".exc"), exceptions, StandardCharsets.US_ASCII);
  }

  @Test
  void shouldCollectTheLemmaNamesOfEverySynsetOfAWord() {
    assertThat(wordNet.synonyms("heart")).containsExactlyInAnyOrder("heart", "ticker", "center", "centre");
    assertThat(wordNet.synonyms("lie")).containsExactlyInAnyOrder("lie", "lie_down");
  }

  @Test
  void shouldReduceInflectedFormsByDetachmentRules() {
    assertThat(wordNet.synonyms("hearts")).contains("ticker"); // noun: s -> ""
    assertThat(wordNet.synonyms("runs")).containsExactlyInAnyOrder("run", "go"); // verb: s -> ""
    assertThat(wordNet.synonyms("largest")).containsExactlyInAnyOrder("big", "large"); // adj: est -> e
  }

  @Test
  void shouldReduceIrregularFormsByTheExceptionLists() {
    assertThat(wordNet.synonyms("geese")).containsExactly("goose");
    assertThat(wordNet.synonyms("ran")).containsExactlyInAnyOrder("run", "go");
    assertThat(wordNet.synonyms("bigger")).containsExactlyInAnyOrder("big", "large");
  }

  @Test
  void shouldDropAdjectiveSyntacticMarkers() {
    assertThat(wordNet.synonyms("galore")).containsExactly("galore");
    assertThat(WordNet.withoutSyntacticMarker("galore(ip)")).isEqualTo("galore");
    assertThat(WordNet.withoutSyntacticMarker("a(b)c(d)")).isEqualTo("a");
    assertThat(WordNet.withoutSyntacticMarker("half)")).isEqualTo("half)");
  }

  @Test
  void shouldLowerCaseTheWordAndKnowNothingOfUnknownWords() {
    assertThat(wordNet.synonyms("Heart")).contains("ticker");
    assertThat(wordNet.synonyms("pneumothorax")).isEmpty();
  }

  @Test
  void shouldReportAMissingDatabaseAsAbsent() {
    assertThat(WordNet.loadIfPresent(dir.resolve("nowhere"))).isEmpty();
    assertThat(WordNet.loadIfPresent(dir)).isPresent();
  }

  @Test
  void shouldRejectAFileThatIsNotInTheDatabaseFormat() throws IOException {
    Files.writeString(dir.resolve("index.adv"), "well r not-a-number\n");
    assertThatThrownBy(() -> WordNet.load(dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("index.adv line 1");
  }

  @Test
  void shouldMatchNltkSynsetsOnTheInstalledWordNet() {
    WordNet real = SystemWordNet.get();
    Map<String, Set<String>> expected = new TreeMap<>();
    Map<String, Set<String>> actual = new TreeMap<>();
    for (String[] entry : NltkReference.SYNONYMS) {
      expected.put(entry[0], new TreeSet<>(entry[1].isEmpty() ? List.of() : Arrays.asList(entry[1].split(" "))));
      actual.put(entry[0], new TreeSet<>(real.synonyms(entry[0])));
    }
    assertThat(actual).isEqualTo(expected);
  }
}
