/**
 * The ingest pipeline: index a batch of files, pair, de-identify, store pixels, publish
 * ImageReportPair events and dead letters transactionally and idempotently; one-shot folders,
 * watched folders, and the counts that prove nothing was lost.
 */
package org.mmedpo.ingest.pipeline;
