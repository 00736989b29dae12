/**
 * Reading an export folder straight into memory, without Kafka: the trainer's way to a synthetic
 * export for warm-start training and evaluation, with the same pixels and scrubbed text ingest
 * produces.
 */
package org.mmedpo.ingest.export;
