/**
 * Radiology reports as exports carry them: plain text with FINDINGS and IMPRESSION sections, or a
 * FHIR DiagnosticReport; what pairs them with images (Study Instance UID, accession number).
 */
package org.mmedpo.ingest.report;
