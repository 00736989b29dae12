/**
 * Text dispreference (D_t): hallucinators that turn a ground-truth report or VQA answer into a
 * clinically plausible wrong one, and record the named operations they applied.
 */
package org.mmedpo.streams.hallucination;
