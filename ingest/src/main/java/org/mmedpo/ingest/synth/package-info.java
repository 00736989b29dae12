/**
 * The synthetic PACS export: procedurally drawn chest radiographs with findings at known places,
 * DICOM files with planted fake patient data, reports written from the ground truth, and a
 * ground-truth sidecar per study. Deterministic for a seed.
 */
package org.mmedpo.ingest.synth;
