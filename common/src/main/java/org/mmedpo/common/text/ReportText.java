package org.mmedpo.common.text;

/**
 * The report item of a pair as the model sees it: one fixed instruction, and the findings and
 * impression on one line as {@code FINDINGS: ... IMPRESSION: ...}. The SFT warm start trains on
 * this text, the stream processors build report preference samples from it, and evaluation scores
 * generated reports against it, so all three must use this class. Composing and splitting are
 * inverse, so a hallucinated report can be edited section by section.
 */
public final class ReportText {

  /** The report-generation instruction (one fixed prompt, as report-generation sets use). */
  public static final String PROMPT = "Describe the findings and the impression of this chest X-ray.";

  /** Heading of the findings section. */
  public static final String FINDINGS_HEADING = "FINDINGS:";

  /** Heading of the impression section. */
  public static final String IMPRESSION_HEADING = "IMPRESSION:";

  private ReportText() {}

  /** The two sections of a report. */
  public record Sections(String findings, String impression) {}

  /**
   * {@code FINDINGS: f IMPRESSION: i}; a missing section is left out with its heading, and no
   * text at all gives the empty string.
   */
  public static String compose(String findings, String impression) {
    String f = collapse(findings);
    String i = collapse(impression);
    StringBuilder text = new StringBuilder();
    if (!f.isEmpty()) {
      text.append(FINDINGS_HEADING).append(' ').append(f);
    }
    if (!i.isEmpty()) {
      text.append(text.isEmpty() ? "" : " ").append(IMPRESSION_HEADING).append(' ').append(i);
    }
    return text.toString();
  }

  /** Splits a composed report; text without headings is all findings. */
  public static Sections split(String text) {
    String t = text == null ? "" : text.strip();
    int at = t.lastIndexOf(IMPRESSION_HEADING);
    String findings = at < 0 ? t : t.substring(0, at).strip();
    String impression = at < 0 ? "" : t.substring(at + IMPRESSION_HEADING.length()).strip();
    if (findings.startsWith(FINDINGS_HEADING)) {
      findings = findings.substring(FINDINGS_HEADING.length()).strip();
    }
    return new Sections(findings, impression);
  }

  private static String collapse(String section) {
    return section == null ? "" : section.strip().replaceAll("\\s+", " ");
  }
}
