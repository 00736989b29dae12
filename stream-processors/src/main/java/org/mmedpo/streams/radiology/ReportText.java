package org.mmedpo.streams.radiology;

/**
 * The text of a report item: the findings section, then the impression after a fixed heading.
 * Composing and splitting are inverse, so a hallucinated report can be edited section by section.
 */
public final class ReportText {

  /** Heading of the impression section inside a composed report. */
  public static final String IMPRESSION_HEADING = "IMPRESSION:";

  private ReportText() {}

  /** The two sections of a report. */
  public record Sections(String findings, String impression) {}

  /** Findings, a blank line, then {@code IMPRESSION: ...} when there is an impression. */
  public static String compose(String findings, String impression) {
    String f = findings == null ? "" : findings.strip();
    String i = impression == null ? "" : impression.strip();
    if (i.isEmpty()) {
      return f;
    }
    return f.isEmpty() ? IMPRESSION_HEADING + " " + i : f + "\n\n" + IMPRESSION_HEADING + " " + i;
  }

  /** Splits a composed report; text without the heading is all findings. */
  public static Sections split(String text) {
    String t = text == null ? "" : text;
    int at = t.lastIndexOf(IMPRESSION_HEADING);
    if (at < 0) {
      return new Sections(t.strip(), "");
    }
    return new Sections(t.substring(0, at).strip(), t.substring(at + IMPRESSION_HEADING.length()).strip());
  }
}
