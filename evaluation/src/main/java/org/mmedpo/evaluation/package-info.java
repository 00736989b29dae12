/**
 * Evaluation of MMedPO models as the paper reports it: {@link org.mmedpo.evaluation.EvaluationReport}
 * accumulates per-item Med-VQA and report scores of one model and prints the comparison table.
 */
package org.mmedpo.evaluation;
