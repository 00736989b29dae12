package org.mmedpo.ingest.dicom;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * Text decoding under Specific Character Set (0008,0005), PS3.5 section 6.1. Single-byte sets,
 * UTF-8 (ISO_IR 192), GB18030 and GBK decode with the matching Java charset; ISO 2022 code
 * extensions decode segment by segment at each escape sequence (the Latin, Cyrillic, Greek,
 * Arabic, Hebrew, Thai, Japanese and Korean sets of PS3.3 C.12.1.1.2). An unknown defined term is
 * an error, not a guess: misdecoded names would slip past the report scrubber.
 */
public final class DicomCharsets {

  private static final Map<String, String> SINGLE = Map.ofEntries(
      Map.entry("", "US-ASCII"),
      Map.entry("ISO_IR 6", "US-ASCII"),
      Map.entry("ISO 2022 IR 6", "US-ASCII"),
      Map.entry("ISO_IR 100", "ISO-8859-1"),
      Map.entry("ISO 2022 IR 100", "ISO-8859-1"),
      Map.entry("ISO_IR 101", "ISO-8859-2"),
      Map.entry("ISO 2022 IR 101", "ISO-8859-2"),
      Map.entry("ISO_IR 109", "ISO-8859-3"),
      Map.entry("ISO 2022 IR 109", "ISO-8859-3"),
      Map.entry("ISO_IR 110", "ISO-8859-4"),
      Map.entry("ISO 2022 IR 110", "ISO-8859-4"),
      Map.entry("ISO_IR 144", "ISO-8859-5"),
      Map.entry("ISO 2022 IR 144", "ISO-8859-5"),
      Map.entry("ISO_IR 127", "ISO-8859-6"),
      Map.entry("ISO 2022 IR 127", "ISO-8859-6"),
      Map.entry("ISO_IR 126", "ISO-8859-7"),
      Map.entry("ISO 2022 IR 126", "ISO-8859-7"),
      Map.entry("ISO_IR 138", "ISO-8859-8"),
      Map.entry("ISO 2022 IR 138", "ISO-8859-8"),
      Map.entry("ISO_IR 148", "ISO-8859-9"),
      Map.entry("ISO 2022 IR 148", "ISO-8859-9"),
      Map.entry("ISO_IR 203", "ISO-8859-15"),
      Map.entry("ISO 2022 IR 203", "ISO-8859-15"),
      Map.entry("ISO_IR 166", "TIS-620"),
      Map.entry("ISO 2022 IR 166", "TIS-620"),
      Map.entry("ISO_IR 13", "JIS_X0201"),
      Map.entry("ISO 2022 IR 13", "JIS_X0201"),
      Map.entry("ISO_IR 192", "UTF-8"),
      Map.entry("GB18030", "GB18030"),
      Map.entry("GBK", "GBK"));

  private final String[] terms;
  private final Charset base;
  private final boolean iso2022;

  private DicomCharsets(String[] terms, Charset base, boolean iso2022) {
    this.terms = terms;
    this.base = base;
    this.iso2022 = iso2022;
  }

  /** Plain ASCII, the default repertoire when (0008,0005) is absent. */
  public static final DicomCharsets DEFAULT =
      new DicomCharsets(new String[] {""}, StandardCharsets.US_ASCII, false);

  /**
   * The decoder for a Specific Character Set value (backslash-separated defined terms).
   *
   * @throws DicomFormatException "unsupported character set" for a term this module does not know
   */
  public static DicomCharsets of(String specificCharacterSet) throws DicomFormatException {
    if (specificCharacterSet == null || specificCharacterSet.isBlank()) {
      return DEFAULT;
    }
    String[] terms = specificCharacterSet.split("\\\\", -1);
    for (int i = 0; i < terms.length; i++) {
      terms[i] = terms[i].trim().toUpperCase(Locale.ROOT);
      if (!SINGLE.containsKey(terms[i]) && !isMultiByte2022(terms[i])) {
        throw new DicomFormatException("unsupported character set",
            "Specific Character Set (0008,0005) term '" + printable(terms[i]) + "'");
      }
    }
    String first = terms[0];
    boolean iso2022 = terms.length > 1 || first.startsWith("ISO 2022");
    Charset base = Charset.forName(SINGLE.getOrDefault(first, "US-ASCII"));
    return new DicomCharsets(terms, base, iso2022);
  }

  private static boolean isMultiByte2022(String term) {
    return term.equals("ISO 2022 IR 87") || term.equals("ISO 2022 IR 159")
        || term.equals("ISO 2022 IR 149") || term.equals("ISO 2022 IR 58");
  }

  /**
   * Decodes a text value.
   *
   * @throws DicomFormatException "invalid characters for the character set" when the bytes are
   *     malformed for the declared set
   */
  public String decode(byte[] bytes, int tag) throws DicomFormatException {
    try {
      if (!iso2022) {
        return strict(base).decode(ByteBuffer.wrap(bytes)).toString();
      }
      return decode2022(bytes);
    } catch (CharacterCodingException e) {
      throw new DicomFormatException("invalid characters for the character set",
          Tags.format(tag) + " is not valid " + String.join("\\", terms), e);
    }
  }

  /**
   * ISO 2022: the text starts in the first term's set; each escape sequence switches G0 or G1.
   * Bytes with the high bit set belong to G1, the others to G0.
   */
  private String decode2022(byte[] bytes) throws CharacterCodingException {
    StringBuilder out = new StringBuilder();
    Charset g0 = StandardCharsets.US_ASCII;
    Charset g1 = base;
    String multiByte = null;
    int start = 0;
    int i = 0;
    while (i <= bytes.length) {
      boolean end = i == bytes.length;
      if (end || bytes[i] == 0x1B) {
        segment(out, bytes, start, i, g0, g1, multiByte);
        if (end) {
          break;
        }
        int len = escapeLength(bytes, i);
        String esc = new String(bytes, i + 1, len - 1, StandardCharsets.US_ASCII);
        switch (esc) {
          case "(B", "(J" -> { g0 = StandardCharsets.US_ASCII; multiByte = null; }
          case ")I" -> g1 = Charset.forName("JIS_X0201");
          case "$B", "$@" -> multiByte = "JIS";
          case "$(D" -> multiByte = "JIS212";
          case "$)C" -> multiByte = "KSC";
          case "$)A" -> multiByte = "GB";
          case "-A" -> g1 = StandardCharsets.ISO_8859_1;
          case "-B" -> g1 = Charset.forName("ISO-8859-2");
          case "-C" -> g1 = Charset.forName("ISO-8859-3");
          case "-D" -> g1 = Charset.forName("ISO-8859-4");
          case "-L" -> g1 = Charset.forName("ISO-8859-5");
          case "-G" -> g1 = Charset.forName("ISO-8859-6");
          case "-F" -> g1 = Charset.forName("ISO-8859-7");
          case "-H" -> g1 = Charset.forName("ISO-8859-8");
          case "-M" -> g1 = Charset.forName("ISO-8859-9");
          case "-T" -> g1 = Charset.forName("TIS-620");
          default -> throw new CharacterCodingException();
        }
        i += len;
        start = i;
      } else {
        i++;
      }
    }
    return out.toString();
  }

  private static int escapeLength(byte[] bytes, int at) throws CharacterCodingException {
    // ESC, then intermediate bytes 0x20..0x2F, then one final byte 0x30..0x7E.
    int i = at + 1;
    while (i < bytes.length && bytes[i] >= 0x20 && bytes[i] <= 0x2F) {
      i++;
    }
    if (i >= bytes.length || i == at + 1) {
      throw new CharacterCodingException();
    }
    return i - at + 1;
  }

  private static void segment(StringBuilder out, byte[] bytes, int from, int to, Charset g0,
      Charset g1, String multiByte) throws CharacterCodingException {
    if (from >= to) {
      return;
    }
    byte[] part = java.util.Arrays.copyOfRange(bytes, from, to);
    if (multiByte == null) {
      int i = 0;
      while (i < part.length) {
        int j = i;
        boolean high = (part[i] & 0x80) != 0;
        while (j < part.length && ((part[j] & 0x80) != 0) == high) {
          j++;
        }
        out.append(strict(high ? g1 : g0).decode(ByteBuffer.wrap(part, i, j - i)));
        i = j;
      }
      return;
    }
    switch (multiByte) {
      case "JIS" -> {
        byte[] wrapped = new byte[part.length + 6];
        wrapped[0] = 0x1B; wrapped[1] = '$'; wrapped[2] = 'B';
        System.arraycopy(part, 0, wrapped, 3, part.length);
        wrapped[part.length + 3] = 0x1B; wrapped[part.length + 4] = '('; wrapped[part.length + 5] = 'B';
        out.append(strict(Charset.forName("ISO-2022-JP")).decode(ByteBuffer.wrap(wrapped)));
      }
      case "JIS212" -> out.append(strict(Charset.forName("x-JIS0212")).decode(ByteBuffer.wrap(part)));
      case "KSC" -> out.append(strict(Charset.forName("EUC-KR")).decode(ByteBuffer.wrap(part)));
      case "GB" -> out.append(strict(Charset.forName("GB2312")).decode(ByteBuffer.wrap(part)));
      default -> throw new CharacterCodingException();
    }
  }

  private static CharsetDecoder strict(Charset charset) {
    return charset.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
  }

  /** Non-printable characters as '?', and at most 32 characters, for messages. */
  static String printable(String term) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < Math.min(term.length(), 32); i++) {
      char c = term.charAt(i);
      out.append(c >= 0x20 && c < 0x7F ? c : '?');
    }
    return out.toString();
  }
}
