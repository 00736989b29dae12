/**
 * {@code ./mmedpo bench trainer}: trainer throughput against a bare forward+backward loop, the
 * speed-up of cached reference log-probs, resident memory, and a soak run.
 */
package org.mmedpo.trainer.bench;
