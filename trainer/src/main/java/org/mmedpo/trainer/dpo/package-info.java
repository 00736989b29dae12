/**
 * The weighted DPO objective of MMedPO (MMEDPO.md section 3) and one optimizer step over a
 * micro-batch of preference pairs.
 */
package org.mmedpo.trainer.dpo;
