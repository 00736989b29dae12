/**
 * The model archive: one zip holding parameters, configuration, tokenizer and version metadata,
 * stored in the blob store and named by its SHA-256.
 */
package org.mmedpo.model.archive;
