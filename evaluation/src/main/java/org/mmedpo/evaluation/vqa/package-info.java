/**
 * Med-VQA scoring as LLaVA-Med's evaluation does it: answer normalization, closed-question
 * substring hits and open-question token recall.
 */
package org.mmedpo.evaluation.vqa;
