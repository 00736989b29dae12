/**
 * Training examples from a PACS export: report and VQA examples per study, and the deterministic
 * train/validation split by study.
 */
package org.mmedpo.trainer.data;
