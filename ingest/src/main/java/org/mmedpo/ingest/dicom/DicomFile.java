package org.mmedpo.ingest.dicom;

/**
 * A parsed Part 10 file (or a bare data set without file meta information).
 *
 * @param meta the file meta group (0002,xxxx); empty when the file has none
 * @param dataset the data set
 * @param transferSyntax how the data set was encoded
 * @param hasPreamble whether the file had the 128-byte preamble and the DICM prefix
 */
public record DicomFile(DicomDataset meta, DicomDataset dataset, TransferSyntax transferSyntax,
    boolean hasPreamble) {}
