/**
 * Pairing images with reports and ground truth: by Study Instance UID when the report names it,
 * else by accession number; every file either pairs or gets a precise reason.
 */
package org.mmedpo.ingest.pairing;
