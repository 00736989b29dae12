/**
 * The streaming weighted-DPO trainer: deterministic micro-batches from the preferences topic,
 * cached reference log-probs, atomic checkpoints with offsets, model versions and metrics.
 */
package org.mmedpo.trainer.stream;
