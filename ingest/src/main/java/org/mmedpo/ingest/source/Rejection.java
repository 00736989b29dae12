package org.mmedpo.ingest.source;

/**
 * A file that will not become part of a pair, and why.
 *
 * @param file the file, relative to the export root
 * @param stage the ingest stage that rejected it: {@code ingest.scan}, {@code ingest.dicom},
 *     {@code ingest.report}, {@code ingest.groundtruth}, {@code ingest.pairing}, {@code ingest.pixels}
 * @param reason short and stable, free of patient data
 * @param detail longer explanation, free of patient data
 * @param error the exception, when there was one
 */
public record Rejection(String file, String stage, String reason, String detail, Throwable error) {}
