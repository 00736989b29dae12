/**
 * The SFT warm start: trains the base model (the frozen DPO reference) on ground-truth reports
 * and VQA answers, with early stopping on a held-out split, and caches it by export and recipe.
 */
package org.mmedpo.trainer.sft;
