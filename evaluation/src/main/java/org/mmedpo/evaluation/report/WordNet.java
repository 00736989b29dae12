package org.mmedpo.evaluation.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The synonym look-up METEOR needs, read from a WordNet 3.0 database directory in the Princeton
 * format ({@code index.*}, {@code data.*}, {@code *.exc}), as Debian's {@code wordnet-base}
 * package installs it at {@link #DEFAULT_DIR}.
 *
 * <p>{@link #synonyms(String)} reproduces {@code {lemma.name() for synset in wn.synsets(word) for
 * lemma in synset.lemmas()}} of NLTK 3.8: the word is lower-cased, reduced to its base forms by
 * NLTK's "morphy" (exception lists first, then the detachment rules of each part of speech,
 * repeated until a form is in the index) for nouns, verbs, adjectives and adverbs, and the lemma
 * names of every synset of every base form are collected. Loading reads the four index files, the
 * four exception lists and the lemma names of all 117,659 synsets (0.3 to 0.9 s of CPU here; the
 * database then holds about 40 MB of heap), so load it once and share it; look-ups are cached.
 * Thread-safe after construction.
 */
public final class WordNet {

  /** Where Debian's {@code wordnet-base} package puts the WordNet 3.0 database. */
  public static final Path DEFAULT_DIR = Path.of("/usr/share/wordnet");

  private static final Logger LOG = LoggerFactory.getLogger(WordNet.class);

  /** NLTK's order of parts of speech in {@code synsets()}: noun, verb, adjective, adverb. */
  private static final String[] POS = {"n", "v", "a", "r"};
  private static final String[] FILE_SUFFIX = {"noun", "verb", "adj", "adv"};

  /** NLTK's morphological detachment rules per part of speech, {suffix, replacement} in order. */
  private static final String[][][] SUBSTITUTIONS = {
      {{"s", ""}, {"ses", "s"}, {"ves", "f"}, {"xes", "x"}, {"zes", "z"}, {"ches", "ch"},
          {"shes", "sh"}, {"men", "man"}, {"ies", "y"}},
      {{"s", ""}, {"ies", "y"}, {"es", "e"}, {"es", ""}, {"ed", "e"}, {"ed", ""}, {"ing", "e"},
          {"ing", ""}},
      {{"er", ""}, {"est", ""}, {"er", "e"}, {"est", "e"}},
      {}};

  private final Path dir;
  /** Per part of speech: lemma -> synset byte offsets in that part's data file. */
  private final List<Map<String, int[]>> index = new ArrayList<>();
  /** Per part of speech: inflected form -> base forms from the exception list. */
  private final List<Map<String, List<String>>> exceptions = new ArrayList<>();
  /** Per part of speech: synset byte offset -> lemma names. */
  private final List<Map<Integer, String[]>> lemmaNames = new ArrayList<>();
  private final Map<String, Set<String>> cache = new ConcurrentHashMap<>();

  private WordNet(Path dir) throws IOException {
    this.dir = dir;
    for (String suffix : FILE_SUFFIX) {
      index.add(readIndex(dir.resolve("index." + suffix)));
      exceptions.add(readExceptions(dir.resolve(suffix + ".exc")));
      lemmaNames.add(readLemmaNames(dir.resolve("data." + suffix)));
    }
  }

  /**
   * Loads the database in {@code dir}.
   *
   * @throws IOException if a file is missing or unreadable
   * @throws IllegalArgumentException if a file is not in the WordNet database format
   */
  public static WordNet load(Path dir) throws IOException {
    long start = System.nanoTime();
    WordNet wordNet = new WordNet(dir);
    LOG.info("Loaded WordNet from {} in {} ms", dir, (System.nanoTime() - start) / 1_000_000);
    return wordNet;
  }

  /**
   * Loads the database in {@code dir} if it is there, or returns empty with a warning, so that
   * METEOR can fall back to exact and stem matching and say so.
   *
   * @throws UncheckedIOException if the directory exists but a file in it cannot be read
   */
  public static Optional<WordNet> loadIfPresent(Path dir) {
    if (!Files.isRegularFile(dir.resolve("index.noun"))) {
      LOG.warn("No WordNet database at {}: METEOR will match exact words and stems only "
          + "(install the Debian package wordnet-base for synonym matching)", dir);
      return Optional.empty();
    }
    try {
      return Optional.of(load(dir));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the WordNet database at " + dir, e);
    }
  }

  /** The directory this database was read from. */
  public Path directory() {
    return dir;
  }

  /**
   * The lemma names of all synsets of {@code word} (any part of speech), as NLTK's
   * {@code wn.synsets(word)} returns them: case as in WordNet (for example {@code Party}),
   * multi-word lemmas with underscores included. Empty if WordNet does not know the word.
   */
  public Set<String> synonyms(String word) {
    return cache.computeIfAbsent(word.toLowerCase(Locale.ROOT), this::lookUp);
  }

  private Set<String> lookUp(String lemma) {
    Set<String> names = new LinkedHashSet<>();
    for (int p = 0; p < POS.length; p++) {
      for (String form : morphy(lemma, p)) {
        for (int offset : index.get(p).get(form)) {
          String[] synset = lemmaNames.get(p).get(offset);
          if (synset == null) {
            throw new IllegalStateException("WordNet index." + FILE_SUFFIX[p] + " points to offset "
                + offset + " which data." + FILE_SUFFIX[p] + " lacks (in " + dir + ")");
          }
          Collections.addAll(names, synset);
        }
      }
    }
    return Collections.unmodifiableSet(names);
  }

  /** NLTK's {@code _morphy(form, pos)}: the base forms of {@code form} that the index holds. */
  List<String> morphy(String form, int p) {
    List<String> exceptional = exceptions.get(p).get(form);
    if (exceptional != null) {
      List<String> candidates = new ArrayList<>();
      candidates.add(form);
      candidates.addAll(exceptional);
      return inIndex(candidates, p);
    }
    List<String> forms = detach(List.of(form), p);
    List<String> first = new ArrayList<>();
    first.add(form);
    first.addAll(forms);
    List<String> results = inIndex(first, p);
    while (results.isEmpty() && !forms.isEmpty()) {
      forms = detach(forms, p);
      results = inIndex(forms, p);
    }
    return results;
  }

  private static List<String> detach(List<String> forms, int p) {
    // Each rule shortens the form, so repeating this terminates.
    Set<String> out = new LinkedHashSet<>();
    for (String form : forms) {
      for (String[] rule : SUBSTITUTIONS[p]) {
        if (form.endsWith(rule[0])) {
          out.add(form.substring(0, form.length() - rule[0].length()) + rule[1]);
        }
      }
    }
    return new ArrayList<>(out);
  }

  private List<String> inIndex(List<String> forms, int p) {
    Set<String> found = new LinkedHashSet<>();
    for (String form : forms) {
      if (index.get(p).containsKey(form)) {
        found.add(form);
      }
    }
    return new ArrayList<>(found);
  }

  // ---- reading the database files (ASCII, parsed from bytes: about 25 MB in all) ----

  private static Map<String, int[]> readIndex(Path file) throws IOException {
    Map<String, int[]> map = new HashMap<>();
    Fields f = new Fields(file);
    while (f.nextLine()) {
      if (f.startsWithSpace()) {
        continue; // licence header
      }
      // lemma pos synset_cnt p_cnt [ptr_symbol...] sense_cnt tagsense_cnt synset_offset...
      String lemma = f.token();
      f.skip(1);
      int synsetCount = f.decimal();
      f.skip(f.decimal() + 2);
      int[] offsets = new int[synsetCount];
      for (int i = 0; i < synsetCount; i++) {
        offsets[i] = f.decimal();
      }
      map.put(lemma, offsets);
    }
    return map;
  }

  private static Map<String, List<String>> readExceptions(Path file) throws IOException {
    Map<String, List<String>> map = new HashMap<>();
    for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
      String[] f = line.trim().split("\\s+");
      if (f.length > 0 && !f[0].isEmpty()) {
        map.put(f[0], List.of(f).subList(1, f.length));
      }
    }
    return map;
  }

  /** Reads the lemma names of every synset, keyed by the byte offset of its line. */
  private static Map<Integer, String[]> readLemmaNames(Path file) throws IOException {
    Map<Integer, String[]> map = new HashMap<>();
    Fields f = new Fields(file);
    while (f.nextLine()) {
      if (f.startsWithSpace()) {
        continue;
      }
      // synset_offset lex_filenum ss_type w_cnt(hex) [word lex_id(hex)]... (the rest is ignored)
      int offset = f.lineStart();
      f.skip(3);
      int count = f.hex();
      String[] names = new String[count];
      for (int i = 0; i < count; i++) {
        names[i] = withoutSyntacticMarker(f.token());
        f.skip(1);
      }
      map.put(offset, names);
    }
    return map;
  }

  /** A cursor over the space-separated fields of a database file's lines. */
  private static final class Fields {
    private final Path file;
    private final byte[] bytes;
    private int lineStart = -1;
    private int lineEnd = -1;
    private int pos;
    private int lineNo;

    Fields(Path file) throws IOException {
      this.file = file;
      this.bytes = Files.readAllBytes(file);
    }

    boolean nextLine() {
      lineStart = lineEnd + 1;
      if (lineStart >= bytes.length) {
        return false;
      }
      lineEnd = lineStart;
      while (lineEnd < bytes.length && bytes[lineEnd] != '\n') {
        lineEnd++;
      }
      pos = lineStart;
      lineNo++;
      return true;
    }

    int lineStart() {
      return lineStart;
    }

    boolean startsWithSpace() {
      return lineEnd == lineStart || bytes[lineStart] == ' ';
    }

    String token() {
      while (pos < lineEnd && bytes[pos] == ' ') {
        pos++;
      }
      int start = pos;
      while (pos < lineEnd && bytes[pos] != ' ') {
        pos++;
      }
      if (start == pos) {
        throw malformed("a field is missing");
      }
      return new String(bytes, start, pos - start, StandardCharsets.ISO_8859_1);
    }

    void skip(int fields) {
      for (int i = 0; i < fields; i++) {
        token();
      }
    }

    int decimal() {
      return parse(10);
    }

    int hex() {
      return parse(16);
    }

    private int parse(int radix) {
      String t = token();
      try {
        return Integer.parseInt(t, radix);
      } catch (NumberFormatException e) {
        throw malformed("\"" + t + "\" is not a number");
      }
    }

    private IllegalArgumentException malformed(String why) {
      return new IllegalArgumentException(file + " line " + lineNo + " is not in the WordNet database format: " + why);
    }
  }

  /** Adjectives may carry a marker such as {@code (a)}, {@code (p)} or {@code (ip)}; NLTK drops it. */
  static String withoutSyntacticMarker(String name) {
    if (name.length() >= 2 && name.endsWith(")")) {
      int open = name.indexOf('(');
      if (open >= 0 && open <= name.length() - 2) {
        return name.substring(0, open);
      }
    }
    return name;
  }
}
