/**
 * Kafka plumbing every stage shares: typed topics (name plus serdes), client settings built from
 * configuration, and dead letters with their provenance headers.
 */
package org.mmedpo.common.kafka;
