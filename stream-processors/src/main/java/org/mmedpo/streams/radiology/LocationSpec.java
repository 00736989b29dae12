package org.mmedpo.streams.radiology;

import java.util.List;

/**
 * One anatomical location of the lexicon.
 *
 * @param name canonical name
 * @param group locations a finding can move between (lung-lobe, lung-zone, brain-lobe, ...)
 * @param side the only side it exists on ({@code right} for the middle lobe, {@code left} for the
 *     lingula), or null when it exists on both
 * @param adjective its form before a finding ("apical pneumothorax")
 * @param noun its form after "in the" ("in the apex")
 * @param forms surface phrases, lower case
 * @param sideWord false when no side word is written with it ("lingular opacity", never "left
 *     lingular opacity")
 */
public record LocationSpec(String name, String group, String side, String adjective, String noun,
    List<String> forms, boolean sideWord) {

  public LocationSpec {
    forms = List.copyOf(forms);
  }

  /** True when the location exists on {@code laterality} (null or bilateral: any side). */
  public boolean existsOn(String laterality) {
    return side == null || laterality == null || laterality.equals(side);
  }
}
