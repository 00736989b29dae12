package org.mmedpo.ingest.report;

import java.util.Set;

/**
 * A report as read, before scrubbing.
 *
 * @param studyInstanceUid the study it names, or null
 * @param accessionNumber the accession number it names, or null
 * @param findings the FINDINGS section (empty when the report has none)
 * @param impression the IMPRESSION (or CONCLUSION) section (empty when none)
 * @param knownNames person names the report header or resource names (patient, physicians), for
 *     the scrubber's dictionary
 * @param knownIdentifiers identifiers it names (MRN, accession), for the scrubber's dictionary
 * @param format {@code text} or {@code fhir}
 */
public record ParsedReport(String studyInstanceUid, String accessionNumber, String findings,
    String impression, Set<String> knownNames, Set<String> knownIdentifiers, String format) {}
