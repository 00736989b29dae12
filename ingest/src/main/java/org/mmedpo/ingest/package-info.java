/**
 * PACS ingestion: the configuration of the ingest application. The work lives in the
 * sub-packages, one per concern.
 */
package org.mmedpo.ingest;
