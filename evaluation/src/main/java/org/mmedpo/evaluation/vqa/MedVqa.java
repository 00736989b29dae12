package org.mmedpo.evaluation.vqa;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.mmedpo.evaluation.text.PythonText;

/**
 * Med-VQA scoring as LLaVA-Med's evaluation ({@code llava/eval/run_eval_batch.py} with
 * {@code eval_metrics/glossary.py} and {@code evaluate_metrics.py}), which RULE, CARES and MMedPO
 * reuse, computes it:
 * <ul>
 *   <li>closed questions: a hit when the normalized ground truth is a <em>substring</em> of the
 *       normalized prediction ({@link #closedHit}); accuracy is the mean of hits;</li>
 *   <li>open questions: the recall of ground-truth tokens in the prediction ({@link #openRecall}).</li>
 * </ul>
 *
 * <p>{@link #normalize} is LLaVA-Med's {@code normalize_word} applied to the lower-cased text.
 * The substring rule is the reference's, weaknesses included: ground truth {@code "no"} hits a
 * prediction {@code "not normal"}. Stateless and thread-safe.
 */
public final class MedVqa {

  /** The characters normalize_word turns into spaces (or deletes). */
  private static final String PUNCTUATION = ";/[]\"{}()=+\\_-><@`,?!";
  private static final Pattern DIGIT_COMMA_DIGIT = Pattern.compile("\\d,\\d", Pattern.UNICODE_CHARACTER_CLASS);
  /** The reference strips periods with {@code re.sub(..., re.UNICODE)}, which passes 32 as the count. */
  private static final int MAX_PERIODS_REMOVED = 32;
  private static final List<String> ARTICLES = List.of("a", "an", "the");
  private static final Map<String, String> NUMBER_WORDS = Map.ofEntries(
      Map.entry("none", "0"), Map.entry("zero", "0"), Map.entry("one", "1"), Map.entry("two", "2"),
      Map.entry("three", "3"), Map.entry("four", "4"), Map.entry("five", "5"), Map.entry("six", "6"),
      Map.entry("seven", "7"), Map.entry("eight", "8"), Map.entry("nine", "9"), Map.entry("ten", "10"));
  /**
   * The VQA toolkit's contraction repairs that normalize_word applies after lower-casing (entries
   * whose key has capitals can never apply and are left out; identity entries too).
   */
  private static final Map<String, String> CONTRACTIONS = pairs(
      "aint ain't arent aren't cant can't couldve could've couldnt couldn't "
      + "couldn'tve couldn't've couldnt've couldn't've didnt didn't doesnt doesn't dont don't "
      + "hadnt hadn't hadnt've hadn't've hadn'tve hadn't've hasnt hasn't havent haven't hed he'd "
      + "hed've he'd've he'dve he'd've hes he's howd how'd howll how'll hows how's isnt isn't "
      + "itd it'd itd've it'd've it'dve it'd've itll it'll maam ma'am mightnt mightn't "
      + "mightnt've mightn't've mightn'tve mightn't've mightve might've mustnt mustn't "
      + "mustve must've neednt needn't notve not've oclock o'clock oughtnt oughtn't "
      + "ow's'at 'ow's'at 'ows'at 'ow's'at 'ow'sat 'ow's'at shant shan't shed've she'd've "
      + "she'dve she'd've shouldve should've shouldnt shouldn't shouldnt've shouldn't've "
      + "shouldn'tve shouldn't've somebody'd somebodyd somebodyd've somebody'd've "
      + "somebody'dve somebody'd've somebodyll somebody'll somebodys somebody's someoned someone'd "
      + "someoned've someone'd've someone'dve someone'd've someonell someone'll someones someone's "
      + "somethingd something'd somethingd've something'd've something'dve something'd've "
      + "somethingll something'll thats that's thered there'd thered've there'd've "
      + "there'dve there'd've therere there're theres there's theyd they'd theyd've they'd've "
      + "they'dve they'd've theyll they'll theyre they're theyve they've twas 'twas wasnt wasn't "
      + "wed've we'd've we'dve we'd've weve we've werent weren't whatll what'll whatre what're "
      + "whats what's whatve what've whens when's whered where'd wheres where's whereve where've "
      + "whod who'd whod've who'd've who'dve who'd've wholl who'll whos who's whove who've "
      + "whyll why'll whyre why're whys why's wont won't wouldve would've wouldnt wouldn't "
      + "wouldnt've wouldn't've wouldn'tve wouldn't've yall y'all yall'll y'all'll y'allll y'all'll "
      + "yall'd've y'all'd've y'alld've y'all'd've y'all'dve y'all'd've youd you'd youd've you'd've "
      + "you'dve you'd've youll you'll youre you're youve you've");

  private MedVqa() {}

  /**
   * LLaVA-Med's answer normalization of {@code text.lower()}:
   * <ol>
   *   <li>each of {@code ; / [ ] " { } ( ) = + \ _ - > < @ ` , ? !} is deleted if the text holds it
   *       next to a space (or holds a digit-comma-digit anywhere), otherwise replaced by a space;</li>
   *   <li>periods not followed by a digit are deleted (at most 32 of them, a quirk of the reference);</li>
   *   <li>the text is split on whitespace; {@code none zero one ... ten} become {@code 0 0 1 ... 10};
   *       {@code a an the} are dropped; apostrophe-less contractions ({@code dont}) are repaired;</li>
   *   <li>the words are joined by single spaces.</li>
   * </ol>
   * Apostrophes, colons and other characters not listed stay.
   */
  public static String normalize(String text) {
    String token = PythonText.lower(text);
    boolean deleteAllPunctuation = DIGIT_COMMA_DIGIT.matcher(token).find();
    StringBuilder spaced = new StringBuilder(token.length());
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (PUNCTUATION.indexOf(c) >= 0) {
        boolean delete = deleteAllPunctuation || token.contains(c + " ") || token.contains(" " + c);
        if (!delete) {
          spaced.append(' ');
        }
      } else {
        spaced.append(c);
      }
    }
    StringBuilder noPeriods = new StringBuilder(spaced.length());
    int removed = 0;
    for (int i = 0; i < spaced.length(); i++) {
      char c = spaced.charAt(i);
      boolean beforeDigit = i + 1 < spaced.length() && Character.isDigit(spaced.charAt(i + 1));
      if (c == '.' && !beforeDigit && removed < MAX_PERIODS_REMOVED) {
        removed++;
      } else {
        noPeriods.append(c);
      }
    }
    List<String> words = new ArrayList<>();
    for (String word : PythonText.split(PythonText.lower(noPeriods.toString()))) {
      String mapped = NUMBER_WORDS.getOrDefault(word, word);
      if (!ARTICLES.contains(mapped)) {
        words.add(CONTRACTIONS.getOrDefault(mapped, mapped));
      }
    }
    return String.join(" ", words).replace(",", "");
  }

  /**
   * Whether a closed-question prediction is correct: the normalized ground truth occurs in the
   * normalized prediction as a substring.
   *
   * @param groundTruth the reference answer
   * @param prediction the generated answer
   * @throws IllegalArgumentException if the ground truth normalizes to the empty string
   */
  public static boolean closedHit(String groundTruth, String prediction) {
    Objects.requireNonNull(prediction, "prediction");
    String truth = normalizedTruth(groundTruth);
    return normalize(prediction).contains(truth);
  }

  /**
   * The open-question recall: with both texts normalized (twice, as the reference does: once in the
   * evaluation loop and again inside its {@code calculate_f1score}) and split into words,
   * {@code tp / (tp + fn)} where tp counts the prediction's occurrences of words that the ground
   * truth contains and fn the ground truth's occurrences of words the prediction lacks. That is the
   * share of ground-truth words recalled when words are not repeated; the reference counts a
   * repeated predicted word once per repetition, and this follows it. 0 if the prediction is empty
   * or shares no word.
   *
   * @param groundTruth the reference answer
   * @param prediction the generated answer
   * @return a recall in [0, 1]
   * @throws IllegalArgumentException if the ground truth normalizes to the empty string
   */
  public static double openRecall(String groundTruth, String prediction) {
    Objects.requireNonNull(prediction, "prediction");
    List<String> truth = PythonText.split(normalize(normalizedTruth(groundTruth)));
    List<String> predicted = PythonText.split(normalize(normalize(prediction)));
    if (predicted.isEmpty() || truth.isEmpty()) {
      return 0.0;
    }
    Map<String, Integer> predictedCounts = counts(predicted);
    Map<String, Integer> truthCounts = counts(truth);
    long truePositives = 0;
    long falseNegatives = 0;
    for (Map.Entry<String, Integer> e : predictedCounts.entrySet()) {
      if (truthCounts.containsKey(e.getKey())) {
        truePositives += e.getValue();
      }
    }
    for (Map.Entry<String, Integer> e : truthCounts.entrySet()) {
      if (!predictedCounts.containsKey(e.getKey())) {
        falseNegatives += e.getValue();
      }
    }
    return truePositives == 0 ? 0.0 : (double) truePositives / (truePositives + falseNegatives);
  }

  private static String normalizedTruth(String groundTruth) {
    Objects.requireNonNull(groundTruth, "groundTruth");
    String truth = normalize(groundTruth);
    if (truth.isEmpty()) {
      throw new IllegalArgumentException("Ground truth \"" + groundTruth
          + "\" is empty after normalization; it cannot be scored");
    }
    return truth;
  }

  private static Map<String, Integer> counts(List<String> words) {
    Map<String, Integer> counts = new HashMap<>();
    words.forEach(w -> counts.merge(w, 1, Integer::sum));
    return counts;
  }

  private static Map<String, String> pairs(String spaceSeparated) {
    String[] f = spaceSeparated.split(" ");
    Map<String, String> map = new HashMap<>();
    for (int i = 0; i < f.length; i += 2) {
      map.put(f[i], f[i + 1]);
    }
    return Map.copyOf(map);
  }
}
