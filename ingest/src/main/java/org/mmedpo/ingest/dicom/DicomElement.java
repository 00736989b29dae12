package org.mmedpo.ingest.dicom;

import java.util.List;

/**
 * One attribute of a data set.
 *
 * @param tag {@code (group << 16) | element}
 * @param vr the two-letter value representation ({@code UN} when an implicit-VR file names a tag
 *     this module does not know)
 * @param value the raw value bytes in the data set's byte order; empty for sequences and
 *     encapsulated pixel data
 * @param items the items of a sequence ({@code SQ}); empty otherwise
 * @param fragments the fragments of encapsulated pixel data, the basic offset table first; null
 *     for native values
 */
public record DicomElement(int tag, String vr, byte[] value, List<DicomDataset> items,
    List<byte[]> fragments) {

  public DicomElement {
    items = List.copyOf(items);
  }

  /** A plain value. */
  public static DicomElement of(int tag, String vr, byte[] value) {
    return new DicomElement(tag, vr, value, List.of(), null);
  }

  public boolean isSequence() {
    return "SQ".equals(vr);
  }

  public boolean isEncapsulated() {
    return fragments != null;
  }
}
