package org.mmedpo.evaluation.report;

import java.util.Locale;
import java.util.Map;

/**
 * The Porter stemmer exactly as NLTK's {@code PorterStemmer()} runs it by default (mode
 * {@code NLTK_EXTENSIONS}, NLTK 3.8), because METEOR's second matching stage compares these stems.
 *
 * <p>That mode is Porter's 1980 algorithm plus Martin Porter's later changes plus NLTK's own:
 * a table of irregular forms ({@code dying -> die}), words of at most two letters left alone,
 * {@code ies/ied} on four-letter words kept as {@code ie}, {@code y -> i} only after a consonant
 * that is not the first letter, {@code alli/fulli/logi} in step 2, and the two-letter vowel-consonant
 * case of the *o condition. Stateless and thread-safe.
 */
public final class PorterStemmer {

  private static final Map<String, String> IRREGULAR = Map.ofEntries(
      Map.entry("sky", "sky"), Map.entry("skies", "sky"),
      Map.entry("dying", "die"), Map.entry("lying", "lie"), Map.entry("tying", "tie"),
      Map.entry("news", "news"),
      Map.entry("innings", "inning"), Map.entry("inning", "inning"),
      Map.entry("outings", "outing"), Map.entry("outing", "outing"),
      Map.entry("cannings", "canning"), Map.entry("canning", "canning"),
      Map.entry("howe", "howe"),
      Map.entry("proceed", "proceed"), Map.entry("exceed", "exceed"), Map.entry("succeed", "succeed"));

  /** A condition on the stem left after a suffix is cut. */
  private interface Condition {
    boolean test(String stem);
  }

  /** One suffix rule: replace {@code suffix} by {@code replacement} when {@code condition} holds. */
  private record Rule(String suffix, String replacement, Condition condition) {}

  /**
   * Stems one word. The word is lower-cased first (NLTK's {@code to_lowercase=True}); the
   * irregular-form table is looked up with the word as given, as NLTK does.
   */
  public String stem(String word) {
    String lower = word.toLowerCase(Locale.ROOT);
    if (IRREGULAR.containsKey(word)) {
      return IRREGULAR.get(lower);
    }
    if (word.length() <= 2) {
      return lower;
    }
    String s = step1a(lower);
    s = step1b(s);
    s = step1c(s);
    s = step2(s);
    s = step3(s);
    s = step4(s);
    s = step5a(s);
    return step5b(s);
  }

  // ---- the character classes and measures of the paper ----

  private static boolean isVowelLetter(char c) {
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
  }

  private static boolean isConsonant(String w, int i) {
    char c = w.charAt(i);
    if (isVowelLetter(c)) {
      return false;
    }
    if (c == 'y') {
      return i == 0 || !isConsonant(w, i - 1);
    }
    return true;
  }

  /** The number of vowel-consonant transitions, m in [C](VC)^m[V]. */
  private static int measure(String stem) {
    int m = 0;
    for (int i = 0; i + 1 < stem.length(); i++) {
      if (!isConsonant(stem, i) && isConsonant(stem, i + 1)) {
        m++;
      }
    }
    return m;
  }

  private static boolean positiveMeasure(String stem) {
    return measure(stem) > 0;
  }

  private static boolean measureAboveOne(String stem) {
    return measure(stem) > 1;
  }

  private static boolean containsVowel(String stem) {
    for (int i = 0; i < stem.length(); i++) {
      if (!isConsonant(stem, i)) {
        return true;
      }
    }
    return false;
  }

  private static boolean endsDoubleConsonant(String w) {
    int n = w.length();
    return n >= 2 && w.charAt(n - 1) == w.charAt(n - 2) && isConsonant(w, n - 1);
  }

  /** Condition *o: ends consonant-vowel-consonant, the last not w, x or y; or (NLTK) is exactly vowel-consonant. */
  private static boolean endsCvc(String w) {
    int n = w.length();
    if (n >= 3 && isConsonant(w, n - 3) && !isConsonant(w, n - 2) && isConsonant(w, n - 1)) {
      char last = w.charAt(n - 1);
      if (last != 'w' && last != 'x' && last != 'y') {
        return true;
      }
    }
    return n == 2 && !isConsonant(w, 0) && isConsonant(w, 1);
  }

  private static String cut(String word, String suffix) {
    return word.substring(0, word.length() - suffix.length());
  }

  /**
   * Applies the first rule whose suffix the word ends with; if its condition fails the word is
   * returned unchanged and later rules are not tried (the paper's "longest match decides").
   */
  private static String applyFirst(String word, Rule... rules) {
    for (Rule rule : rules) {
      if (word.endsWith(rule.suffix)) {
        String stem = cut(word, rule.suffix);
        return rule.condition == null || rule.condition.test(stem) ? stem + rule.replacement : word;
      }
    }
    return word;
  }

  // ---- the steps ----

  private static String step1a(String w) {
    if (w.endsWith("ies") && w.length() == 4) {
      return cut(w, "ies") + "ie";
    }
    return applyFirst(w,
        new Rule("sses", "ss", null),
        new Rule("ies", "i", null),
        new Rule("ss", "ss", null),
        new Rule("s", "", null));
  }

  private static String step1b(String w) {
    if (w.endsWith("ied")) {
      return cut(w, "ied") + (w.length() == 4 ? "ie" : "i");
    }
    if (w.endsWith("eed")) {
      String stem = cut(w, "eed");
      return measure(stem) > 0 ? stem + "ee" : w;
    }
    String stem = null;
    for (String suffix : new String[] {"ed", "ing"}) {
      if (w.endsWith(suffix) && containsVowel(cut(w, suffix))) {
        stem = cut(w, suffix);
        break;
      }
    }
    if (stem == null) {
      return w;
    }
    if (stem.endsWith("at") || stem.endsWith("bl") || stem.endsWith("iz")) {
      return stem + "e";
    }
    if (endsDoubleConsonant(stem)) {
      char last = stem.charAt(stem.length() - 1);
      return last == 'l' || last == 's' || last == 'z' ? stem : stem.substring(0, stem.length() - 1);
    }
    return measure(stem) == 1 && endsCvc(stem) ? stem + "e" : stem;
  }

  private static String step1c(String w) {
    return applyFirst(w, new Rule("y", "i",
        stem -> stem.length() > 1 && isConsonant(stem, stem.length() - 1)));
  }

  private static String step2(String w) {
    if (w.endsWith("alli") && positiveMeasure(cut(w, "alli"))) {
      return step2(cut(w, "alli") + "al");
    }
    Condition m = PorterStemmer::positiveMeasure;
    return applyFirst(w,
        new Rule("ational", "ate", m),
        new Rule("tional", "tion", m),
        new Rule("enci", "ence", m),
        new Rule("anci", "ance", m),
        new Rule("izer", "ize", m),
        new Rule("bli", "ble", m),
        new Rule("alli", "al", m),
        new Rule("entli", "ent", m),
        new Rule("eli", "e", m),
        new Rule("ousli", "ous", m),
        new Rule("ization", "ize", m),
        new Rule("ation", "ate", m),
        new Rule("ator", "ate", m),
        new Rule("alism", "al", m),
        new Rule("iveness", "ive", m),
        new Rule("fulness", "ful", m),
        new Rule("ousness", "ous", m),
        new Rule("aliti", "al", m),
        new Rule("iviti", "ive", m),
        new Rule("biliti", "ble", m),
        new Rule("fulli", "ful", m),
        // NLTK tests the measure of the word without "ogi" (so the "l" counts).
        new Rule("logi", "log", stem -> positiveMeasure(w.substring(0, w.length() - 3))));
  }

  private static String step3(String w) {
    Condition m = PorterStemmer::positiveMeasure;
    return applyFirst(w,
        new Rule("icate", "ic", m),
        new Rule("ative", "", m),
        new Rule("alize", "al", m),
        new Rule("iciti", "ic", m),
        new Rule("ical", "ic", m),
        new Rule("ful", "", m),
        new Rule("ness", "", m));
  }

  private static String step4(String w) {
    Condition m = PorterStemmer::measureAboveOne;
    return applyFirst(w,
        new Rule("al", "", m),
        new Rule("ance", "", m),
        new Rule("ence", "", m),
        new Rule("er", "", m),
        new Rule("ic", "", m),
        new Rule("able", "", m),
        new Rule("ible", "", m),
        new Rule("ant", "", m),
        new Rule("ement", "", m),
        new Rule("ment", "", m),
        new Rule("ent", "", m),
        new Rule("ion", "", stem -> measureAboveOne(stem)
            && (stem.endsWith("s") || stem.endsWith("t"))),
        new Rule("ou", "", m),
        new Rule("ism", "", m),
        new Rule("ate", "", m),
        new Rule("iti", "", m),
        new Rule("ous", "", m),
        new Rule("ive", "", m),
        new Rule("ize", "", m));
  }

  private static String step5a(String w) {
    if (w.endsWith("e")) {
      String stem = cut(w, "e");
      int m = measure(stem);
      if (m > 1 || (m == 1 && !endsCvc(stem))) {
        return stem;
      }
    }
    return w;
  }

  private static String step5b(String w) {
    return applyFirst(w, new Rule("ll", "l", stem -> measureAboveOne(w.substring(0, w.length() - 1))));
  }
}
