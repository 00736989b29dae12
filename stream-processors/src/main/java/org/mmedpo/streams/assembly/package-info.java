/**
 * Weights and assembly: the running statistics behind the paper's weight normalization, and the
 * PreferenceSample built from a pair, a variant and its score (optionally with reference log-probs).
 */
package org.mmedpo.streams.assembly;
