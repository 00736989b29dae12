/**
 * De-identification: the attribute allow-list, keyed HMAC pseudonyms and per-patient date shifts,
 * the secret they use, and the rules that scrub identifiers from report text.
 */
package org.mmedpo.ingest.deid;
