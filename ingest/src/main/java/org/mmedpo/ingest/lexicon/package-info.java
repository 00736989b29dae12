/**
 * The finding vocabulary of chest radiographs (labels, synonyms, locations, severities), kept in
 * one JSON resource that the synthetic export, ingest and other modules read.
 */
package org.mmedpo.ingest.lexicon;
