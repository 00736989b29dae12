package org.mmedpo.ingest.deid;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReportScrubberTest {

  private static String scrub(String text) {
    return ReportScrubber.scrub(text, new PhiDictionary());
  }

  @Test
  void shouldRemoveDatesInEveryCommonForm() {
    assertThat(scrub("Compared with 03/14/2021, 2021-03-14, 14.03.2021, March 14, 2021, 14 March 2021, 20210314 and Mar 2021."))
        .isEqualTo("Compared with [DATE], [DATE], [DATE], [DATE], [DATE], [DATE] and [DATE].");
  }

  @Test
  void shouldRemovePhoneNumbersAndContacts() {
    assertThat(scrub("Call (617) 555-0198 ext. 42 or 617-555-0198 or 617.555.0198; mail a.b@x.org."))
        .isEqualTo("Call [PHONE] or [PHONE] or [PHONE]; mail [CONTACT].");
  }

  @Test
  void shouldRemoveRecordNumbersButKeepTheirLabels() {
    assertThat(scrub("MRN: 48213907, accession RA24031507, SSN 123-45-6789, id 9876543."))
        .isEqualTo("MRN: [ID], accession [ID], SSN [ID], id [ID].");
  }

  @Test
  void shouldRemoveTitledAndTriggeredNames() {
    assertThat(scrub("Discussed with Dr. Jane Hargreave. Result called to Mr Peabody. Read by Alan Smith, MD."))
        .isEqualTo("Discussed with Dr. [NAME]. Result called to Mr. [NAME]. Read by [NAME], MD.");
    assertThat(scrub("Findings discussed with Jane Hargreave by phone."))
        .isEqualTo("Findings discussed with [NAME] by phone.");
  }

  @Test
  void shouldRemoveNamesTheDictionaryKnowsWhereverTheyAppear() {
    PhiDictionary d = new PhiDictionary().addName("FAIRWEATHER^Octavia^^Mrs").addIdentifier("A-77")
        .addPlace("St. Aldric Memorial Hospital");
    assertThat(ReportScrubber.scrub("octavia fairweather seen at St. Aldric Memorial Hospital (A-77).", d))
        .isEqualTo("[NAME] seen at [INSTITUTION] ([ID]).");
  }

  @Test
  void shouldKeepClinicalContentMeasurementsAndTimes() {
    String text = "Moderate right pleural effusion. 3.2 cm mass in the left upper lobe at T4 level. "
        + "Heart size normal. Exam at 14:32. 2 views.";
    assertThat(scrub(text)).isEqualTo(text);
    PhiDictionary d = new PhiDictionary().addName("Mass^Right");
    assertThat(ReportScrubber.scrub("Right mass.", d)).isEqualTo("Right mass.");
  }

  @Test
  void shouldAggregateAgesOverEightyNine() {
    assertThat(scrub("A 93-year-old with cough. A 45-year-old."))
        .isEqualTo("A [AGE]-year-old with cough. A 45-year-old.");
  }
}
