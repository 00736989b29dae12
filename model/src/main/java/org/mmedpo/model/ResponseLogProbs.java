package org.mmedpo.model;

import ai.djl.ndarray.NDArray;

/**
 * Log-probabilities of a batch's response tokens, on the caller's manager and (when training)
 * part of the autograd graph.
 *
 * @param perToken {@code [B, T-2]} natural-log probability of each predicted token, 0 where masked
 * @param mask {@code [B, T-2]} 1 for response tokens (including {@code </s>}), 0 for prompt and
 *     padding
 * @param sum {@code [B]} sum over the response tokens: log pi(y | x), as DPO needs it
 */
public record ResponseLogProbs(NDArray perToken, NDArray mask, NDArray sum) {}
