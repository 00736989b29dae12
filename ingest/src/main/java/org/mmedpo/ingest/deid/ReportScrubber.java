package org.mmedpo.ingest.deid;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes identifiers from report text. Two layers:
 *
 * <ol>
 *   <li>the study's {@link PhiDictionary}: every word of every known person name (whole words,
 *       any case), every known identifier and place, verbatim;
 *   <li>rules for what no dictionary lists: dates (ISO, numeric with / . -, DICOM eight digits,
 *       with month names), telephone numbers (with extensions), e-mail addresses and URLs,
 *       social-security numbers, labelled record numbers (MRN, accession, ID), any token with six
 *       or more digits, titled names (Dr., Mr., Mrs., Ms.), names before MD/DO/RN, names after
 *       "discussed with", "called to" and the like, street addresses, institutions (St. ...
 *       Hospital, ... Medical Center), and ages over 89 (HIPAA Safe Harbor).
 * </ol>
 *
 * Each removal leaves a bracketed tag ([NAME], [DATE], [PHONE], [ID], [CONTACT], [ADDRESS],
 * [INSTITUTION], [AGE]) so the sentence still reads. Times of day, measurements and ordinary
 * numbers stay.
 */
public final class ReportScrubber {

  private static final String MONTH =
      "(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)";
  private static final String CAP_WORD = "[A-Z][a-zA-Z'\\-]+";

  private record Rule(Pattern pattern, String replacement) {}

  private static final List<Rule> RULES = List.of(
      rule("[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+", "[CONTACT]"),
      rule("\\b(?:https?://|www\\.)\\S+", "[CONTACT]"),
      // Dates.
      rule("\\b\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2}(?:[T ]\\d{1,2}:\\d{2}(?::\\d{2})?)?\\b", "[DATE]"),
      rule("\\b\\d{1,2}[/.-]\\d{1,2}[/.-](?:\\d{4}|\\d{2})\\b", "[DATE]"),
      rule("\\b" + MONTH + "\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}\\b", "[DATE]"),
      rule("\\b\\d{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+)?" + MONTH + "\\.?,?\\s+\\d{4}\\b", "[DATE]"),
      rule("\\b" + MONTH + "\\.?\\s+\\d{4}\\b", "[DATE]"),
      rule("\\b(?:19|20)\\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])\\b", "[DATE]"),
      // Telephone numbers, then social-security numbers.
      rule("(?:\\+?1[\\s.-]?)?(?:\\(\\d{3}\\)\\s?|\\b\\d{3}[\\s.-])\\d{3}[\\s.-]\\d{4}\\b"
          + "(?:\\s*(?:ext\\.?|x)\\s*\\d{1,5})?", "[PHONE]"),
      rule("\\b\\d{3}-\\d{2}-\\d{4}\\b", "[ID]"),
      // Labelled identifiers keep their label.
      rule("(?i)\\b(MRN|MR#|medical record(?: number)?|record number|accession(?: number| no\\.?)?|acc#|patient id)"
          + "(\\s*[:#]?\\s*)(?-i:(?!\\[)[A-Za-z0-9-]*\\d[A-Za-z0-9-]*)", "$1$2[ID]"),
      rule("\\b[A-Za-z]{0,4}-?\\d{6,}\\b", "[ID]"),
      // Names.
      rule("\\b(Dr|Doctor|Mr|Mrs|Ms|Miss|Prof)\\.?\\s+(?!\\[)" + CAP_WORD + "(?:\\s+(?!\\[)" + CAP_WORD + ")?",
          "$1. [NAME]"),
      rule("\\b(?:" + CAP_WORD + "\\s+)?" + CAP_WORD + ",?\\s+(MD|M\\.D\\.|DO|RN|NP|PA-C)\\b", "[NAME], $1"),
      rule("(?i)\\b(discussed with|called to|communicated to|reported to|notified|paged|spoke with|d/w)"
          + "(\\s+)(?-i:(?!\\[)" + CAP_WORD + "(?:\\s+(?!\\[)" + CAP_WORD + ")?)", "$1$2[NAME]"),
      // Places.
      rule("\\b\\d{1,5}\\s+(?:" + CAP_WORD + "\\s+){1,3}(?:Street|St\\.|Road|Rd\\.|Avenue|Ave\\.|Lane|Ln\\.|Drive|Boulevard|Blvd\\.|Way|Court|Place)\\b",
          "[ADDRESS]"),
      rule("\\b(?:(?:St\\.?|Saint)\\s+)?(?:" + CAP_WORD + "\\s+){1,4}(?:Hospital|Infirmary|Medical Cent(?:er|re)|Clinic|Health System)\\b",
          "[INSTITUTION]"),
      rule("(?i)\\b(?:9\\d|1[0-4]\\d)([- ](?:year|yr)s?[- ]old)\\b", "[AGE]$1"));

  private static Rule rule(String regex, String replacement) {
    return new Rule(Pattern.compile(regex), replacement);
  }

  private ReportScrubber() {}

  /** The text with every identifier the dictionary and the rules find replaced by a tag. */
  public static String scrub(String text, PhiDictionary dictionary) {
    if (text == null || text.isEmpty()) {
      return text == null ? "" : text;
    }
    String out = text;
    List<String> places = new ArrayList<>(dictionary.places());
    places.sort(Comparator.comparingInt(String::length).reversed());
    for (String place : places) {
      out = Pattern.compile(Pattern.quote(place), Pattern.CASE_INSENSITIVE).matcher(out)
          .replaceAll("[INSTITUTION]");
    }
    List<String> ids = new ArrayList<>(dictionary.identifiers());
    ids.sort(Comparator.comparingInt(String::length).reversed());
    for (String id : ids) {
      out = Pattern.compile("(?<![A-Za-z0-9])" + Pattern.quote(id) + "(?![A-Za-z0-9])",
          Pattern.CASE_INSENSITIVE).matcher(out).replaceAll("[ID]");
    }
    if (!dictionary.nameWords().isEmpty()) {
      StringBuilder alternatives = new StringBuilder();
      for (String word : dictionary.nameWords()) {
        alternatives.append(alternatives.length() == 0 ? "" : "|").append(Pattern.quote(word));
      }
      out = Pattern.compile("(?<![\\p{L}])(?:" + alternatives + ")(?![\\p{L}])",
          Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE).matcher(out).replaceAll("[NAME]");
      // Collapse "[NAME] [NAME]" left by first and last names.
      out = out.replaceAll("\\[NAME\\](?:[\\s,]+\\[NAME\\])+", "[NAME]");
    }
    for (Rule rule : RULES) {
      Matcher m = rule.pattern().matcher(out);
      out = m.replaceAll(rule.replacement());
    }
    return out;
  }
}
