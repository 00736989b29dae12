package org.mmedpo.streams.radiology;

import java.util.List;
import java.util.Map;

/**
 * A group of mutually exclusive non-finding concepts a VQA answer can name: imaging modality,
 * projection, plane, MR sequence, organ.
 *
 * @param group the group name
 * @param significance how much naming the wrong member matters clinically, in [0, 1]
 * @param terms canonical member to its surface phrases, lower case
 */
public record ConceptGroup(String group, double significance, Map<String, List<String>> terms) {}
