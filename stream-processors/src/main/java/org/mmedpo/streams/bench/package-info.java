/**
 * Synthetic image-report pairs for tests and {@code mmedpo bench streams}, and the benchmark
 * itself. Not the product's synthetic PACS export, which the ingest module writes.
 */
package org.mmedpo.streams.bench;
