package org.mmedpo.ingest.dicom;

import java.util.Map;

/**
 * A DICOM transfer syntax: how the data set after the file meta group is encoded.
 *
 * @param uid the transfer syntax UID
 * @param name a short readable name
 * @param explicitVr whether elements carry their VR
 * @param bigEndian byte order of the data set
 * @param deflated whether the data set is deflate-compressed (RFC 1951, no zlib header)
 * @param encapsulated whether pixel data is encapsulated in fragments (compressed)
 * @param decodable whether this module decodes its pixel data
 */
public record TransferSyntax(String uid, String name, boolean explicitVr, boolean bigEndian,
    boolean deflated, boolean encapsulated, boolean decodable) {

  public static final TransferSyntax IMPLICIT_VR_LE =
      new TransferSyntax("1.2.840.10008.1.2", "implicit VR little endian", false, false, false, false, true);
  public static final TransferSyntax EXPLICIT_VR_LE =
      new TransferSyntax("1.2.840.10008.1.2.1", "explicit VR little endian", true, false, false, false, true);
  public static final TransferSyntax DEFLATED_EXPLICIT_VR_LE =
      new TransferSyntax("1.2.840.10008.1.2.1.99", "deflated explicit VR little endian", true, false, true, false, true);
  public static final TransferSyntax EXPLICIT_VR_BE =
      new TransferSyntax("1.2.840.10008.1.2.2", "explicit VR big endian", true, true, false, false, true);
  public static final TransferSyntax RLE_LOSSLESS =
      new TransferSyntax("1.2.840.10008.1.2.5", "RLE lossless", true, false, false, true, true);
  public static final TransferSyntax JPEG_BASELINE =
      new TransferSyntax("1.2.840.10008.1.2.4.50", "JPEG baseline (process 1)", true, false, false, true, true);

  private static final Map<String, TransferSyntax> KNOWN = Map.of(
      IMPLICIT_VR_LE.uid, IMPLICIT_VR_LE,
      EXPLICIT_VR_LE.uid, EXPLICIT_VR_LE,
      DEFLATED_EXPLICIT_VR_LE.uid, DEFLATED_EXPLICIT_VR_LE,
      EXPLICIT_VR_BE.uid, EXPLICIT_VR_BE,
      RLE_LOSSLESS.uid, RLE_LOSSLESS,
      JPEG_BASELINE.uid, JPEG_BASELINE);

  /**
   * The syntax with this UID. Unknown UIDs are read as explicit VR little endian with encapsulated
   * pixel data (every compressed syntax is), and are not decodable: the attributes still read, the
   * pixels go to the dead-letter topic as an unsupported transfer syntax.
   */
  public static TransferSyntax of(String uid) {
    TransferSyntax known = KNOWN.get(uid);
    return known != null ? known : new TransferSyntax(uid, "unsupported", true, false, false, true, false);
  }
}
