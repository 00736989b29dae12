/**
 * The ground-truth sidecar of an export (the synthetic one writes it): finding labels with boxes
 * and masks, and Med-VQA items, per study.
 */
package org.mmedpo.ingest.sidecar;
