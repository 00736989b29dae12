/**
 * The released MMedPO data format (a JSON array of LLaVA-style preference items): import into
 * PreferenceSample events and export back, item for item.
 */
package org.mmedpo.ingest.mmedpo;
