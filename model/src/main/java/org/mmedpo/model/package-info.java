/**
 * The compact medical vision-language model and what callers do with it: response log-probs,
 * generation and saliency ({@link org.mmedpo.model.MedVlm}), without any training code.
 */
package org.mmedpo.model;
