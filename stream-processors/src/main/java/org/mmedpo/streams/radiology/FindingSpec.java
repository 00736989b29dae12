package org.mmedpo.streams.radiology;

import java.util.List;

/**
 * One finding of the lexicon.
 *
 * @param name canonical name, singular (e.g. {@code pleural effusion})
 * @param plural plural of the name
 * @param forms surface phrases that mean the finding, lower case
 * @param countable true when it takes an article ("a pneumothorax"), false for mass nouns
 *     ("consolidation")
 * @param category body system (pleural, parenchymal, cardiac, neurologic, ...)
 * @param organ the organ a normal statement about it describes
 * @param significance how much a wrong statement about it matters clinically, in [0, 1]
 * @param lateral true when it is described with a side
 * @param scale the severity scale that applies (size or degree), or null
 * @param locationGroups the location groups it is described in
 * @param locations when not empty, the only locations of those groups that fit it (a
 *     pneumothorax is apical or basilar, never retrocardiac)
 * @param confusables findings a reader could plausibly mistake it for
 * @param evidence what the image shows when it is present, for justifications
 * @param normal what the image shows when it is absent
 * @param invent true when the engine may invent it in a report that does not mention it
 */
public record FindingSpec(String name, String plural, List<String> forms, boolean countable,
    String category, String organ, double significance, boolean lateral, String scale,
    List<String> locationGroups, List<String> locations, List<String> confusables, String evidence, String normal,
    boolean invent) {

  public FindingSpec {
    forms = List.copyOf(forms);
    locationGroups = locationGroups == null ? List.of() : List.copyOf(locationGroups);
    locations = locations == null ? List.of() : List.copyOf(locations);
    confusables = confusables == null ? List.of() : List.copyOf(confusables);
  }

  /** True when {@code location} fits this finding. */
  public boolean fits(LocationSpec location) {
    return locationGroups.contains(location.group())
        && (locations.isEmpty() || locations.contains(location.name()));
  }

  /** The name, singular or plural. */
  public String name(boolean pluralForm) {
    return pluralForm ? plural : name;
  }
}
