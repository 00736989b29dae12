/**
 * Text side of the model: the word-level tokenizer built from the training corpus, and the
 * vicuna_v1-style prompt template that marks which tokens are the response.
 */
package org.mmedpo.model.text;
