/**
 * Small statistics shared by evaluation and the stream processors: means, standard deviations
 * and Spearman's rank correlation with average ranks for ties.
 */
package org.mmedpo.evaluation.stats;
