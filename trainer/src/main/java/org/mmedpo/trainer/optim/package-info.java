/**
 * Optimization with state we can checkpoint: AdamW with decoupled weight decay, warm-up plus
 * cosine or constant learning rates, and global gradient-norm clipping.
 */
package org.mmedpo.trainer.optim;
