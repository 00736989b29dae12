/**
 * Evaluation of model versions on a held-out export: generation, Med-VQA and report metrics, and
 * the comparison table of several versions.
 */
package org.mmedpo.trainer.eval;
