package org.mmedpo.ingest.deid;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.mmedpo.ingest.dicom.DicomDataset;
import org.mmedpo.ingest.dicom.DicomElement;
import org.mmedpo.ingest.dicom.DicomFormatException;
import org.mmedpo.ingest.dicom.Tags;

/**
 * The identifiers known for one study, gathered from its DICOM attributes (every person name,
 * patient and study identifiers, institution, address, telephone) and from its report's header,
 * so the scrubber can remove them from report text wherever they appear, even in forms no
 * pattern anticipates.
 */
public final class PhiDictionary {

  /** Tags whose values are identifiers to remove verbatim. */
  private static final List<Integer> IDENTIFIER_TAGS = List.of(Tags.PATIENT_ID,
      Tags.OTHER_PATIENT_IDS, Tags.ACCESSION_NUMBER, Tags.STUDY_ID, Tags.PATIENT_TELEPHONE_NUMBERS,
      Tags.DEVICE_SERIAL_NUMBER);
  /** Tags whose values are place names to remove verbatim. */
  private static final List<Integer> PLACE_TAGS = List.of(Tags.INSTITUTION_NAME,
      Tags.INSTITUTION_ADDRESS, Tags.PATIENT_ADDRESS);

  private final Set<String> nameWords = new LinkedHashSet<>();
  private final Set<String> identifiers = new LinkedHashSet<>();
  private final Set<String> places = new LinkedHashSet<>();

  /** Words of person names, lower case, at least two letters. */
  public Set<String> nameWords() {
    return nameWords;
  }

  /** Identifiers, verbatim. */
  public Set<String> identifiers() {
    return identifiers;
  }

  /** Institution names and addresses, verbatim. */
  public Set<String> places() {
    return places;
  }

  /** Adds a person name in any form ({@code Family^Given}, {@code Given Family}, {@code FAMILY, Given}). */
  public PhiDictionary addName(String name) {
    if (name == null) {
      return this;
    }
    for (String word : name.split("[\\s,^=.]+")) {
      String w = word.replaceAll("[^\\p{L}'-]", "").toLowerCase(Locale.ROOT);
      if (w.length() >= 2 && !NOT_NAMES.contains(w)) {
        nameWords.add(w);
      }
    }
    return this;
  }

  public PhiDictionary addIdentifier(String id) {
    if (id != null && id.strip().length() >= 3) {
      identifiers.add(id.strip());
    }
    return this;
  }

  public PhiDictionary addPlace(String place) {
    if (place != null && place.strip().length() >= 4) {
      places.add(place.strip());
    }
    return this;
  }

  public PhiDictionary addNames(Collection<String> names) {
    names.forEach(this::addName);
    return this;
  }

  public PhiDictionary addIdentifiers(Collection<String> ids) {
    ids.forEach(this::addIdentifier);
    return this;
  }

  /**
   * Gathers the identifiers of a data set: every PN value at any depth, and the identifier and
   * place attributes at the top level.
   */
  public static PhiDictionary of(DicomDataset dataset) throws DicomFormatException {
    PhiDictionary dictionary = new PhiDictionary();
    dictionary.collectNames(dataset, 0);
    for (int tag : IDENTIFIER_TAGS) {
      for (String value : dataset.strings(tag)) {
        dictionary.addIdentifier(value);
      }
    }
    for (int tag : PLACE_TAGS) {
      dictionary.addPlace(dataset.string(tag));
    }
    return dictionary;
  }

  private void collectNames(DicomDataset dataset, int depth) throws DicomFormatException {
    for (DicomElement element : dataset.elements()) {
      if ("PN".equals(element.vr())) {
        for (String name : dataset.strings(element.tag())) {
          addName(name);
        }
      }
      if (depth < 8) {
        for (DicomDataset item : element.items()) {
          collectNames(item, depth + 1);
        }
      }
    }
  }

  /**
   * Words that are never taken as name parts: titles and suffixes, and the clinical words a name
   * part could coincide with (scrubbing them would destroy the findings).
   */
  private static final Set<String> NOT_NAMES = Set.of("dr", "md", "do", "rn", "np", "pa", "jr", "sr",
      "ii", "iii", "iv", "mr", "mrs", "ms", "miss", "prof", "phd", "the", "and", "of", "van", "von",
      "de", "la", "le", "da", "di", "du", "del", "der", "den", "st", "chest", "heart", "lung",
      "mass", "right", "left", "normal", "clear", "small", "large", "moderate", "mild", "severe",
      "upper", "lower", "middle", "base", "apex", "effusion", "nodule", "no", "none", "patient");
}
