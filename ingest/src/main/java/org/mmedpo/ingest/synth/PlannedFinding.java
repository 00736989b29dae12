package org.mmedpo.ingest.synth;

/**
 * One finding planned for a synthetic study.
 *
 * @param label lexicon label
 * @param side right, left or bilateral (the patient's); null when not lateralized
 * @param location lexicon location
 * @param severity lexicon severity word, index {@code grade} in the finding's list
 * @param grade 0 (smallest) to 2 (largest)
 */
public record PlannedFinding(String label, String side, String location, String severity, int grade) {}
