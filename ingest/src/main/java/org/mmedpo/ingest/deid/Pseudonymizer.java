package org.mmedpo.ingest.deid;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed HMAC-SHA256 pseudonyms: the same identifier and secret always give the same pseudonym,
 * and without the secret a pseudonym cannot be linked back (or forward, by hashing guesses). Each
 * kind of identifier has its own domain, so a patient id and an accession with equal text do not
 * collide. Pseudonyms are a prefix and 26 lower-case base32 characters (130 bits).
 *
 * <p>Dates shift by a keyed per-patient offset of 1 to {@code maxShiftDays} days into the past, so
 * intervals between one patient's studies survive while calendar dates do not.
 */
public final class Pseudonymizer {

  private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

  private final byte[] secret;
  private final int maxShiftDays;

  /**
   * @param secret the HMAC key (at least 16 bytes)
   * @param maxShiftDays the largest date shift, in days (at least 1)
   */
  public Pseudonymizer(byte[] secret, int maxShiftDays) {
    if (secret.length < 16) {
      throw new IllegalArgumentException("the de-identification secret needs at least 16 bytes");
    }
    if (maxShiftDays < 1) {
      throw new IllegalArgumentException("maxShiftDays must be at least 1");
    }
    this.secret = secret.clone();
    this.maxShiftDays = maxShiftDays;
  }

  /** Pseudonym of a Study Instance UID: {@code st-...}. */
  public String study(String studyInstanceUid) {
    return "st-" + token("study", studyInstanceUid);
  }

  /** Pseudonym of a SOP Instance UID: {@code im-...}. */
  public String instance(String sopInstanceUid) {
    return "im-" + token("instance", sopInstanceUid);
  }

  /** Pseudonym of a patient (Patient ID, qualified by its issuer when known): {@code pt-...}. */
  public String patient(String patientId, String issuer) {
    return "pt-" + token("patient", (issuer == null ? "" : issuer) + "\u0000" + patientId);
  }

  /** Pseudonym of any other key (an accession number, a file path): {@code <prefix>-...}. */
  public String other(String domain, String prefix, String value) {
    return prefix + "-" + token(domain, value);
  }

  /** The patient's date shift in days: negative, in [-maxShiftDays, -1]. */
  public int shiftDays(String patientKey) {
    byte[] mac = hmac("date-shift", patientKey);
    long v = ((mac[0] & 0xFFL) << 24) | ((mac[1] & 0xFFL) << 16) | ((mac[2] & 0xFFL) << 8) | (mac[3] & 0xFFL);
    return -(int) (1 + v % maxShiftDays);
  }

  /** {@code date} shifted by the patient's offset. */
  public LocalDate shift(LocalDate date, String patientKey) {
    return date.plusDays(shiftDays(patientKey));
  }

  private String token(String domain, String value) {
    byte[] mac = hmac(domain, value);
    StringBuilder out = new StringBuilder(26);
    int buffer = 0;
    int bits = 0;
    int i = 0;
    while (out.length() < 26) {
      if (bits < 5) {
        buffer = (buffer << 8) | (mac[i++] & 0xFF);
        bits += 8;
      }
      out.append(BASE32[(buffer >>> (bits - 5)) & 31]);
      bits -= 5;
    }
    return out.toString().toLowerCase(Locale.ROOT);
  }

  private byte[] hmac(String domain, String value) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      mac.update(domain.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }
}
