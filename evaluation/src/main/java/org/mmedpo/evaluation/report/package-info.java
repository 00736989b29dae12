/**
 * Report-generation metrics reproducing their Python references: BLEU-1..4 with NLTK smoothing
 * method 7, rouge_score's ROUGE-L F1, and NLTK's METEOR with its Porter stemmer and WordNet.
 */
package org.mmedpo.evaluation.report;
