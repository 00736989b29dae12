/**
 * Prometheus metrics for every service: a Micrometer registry with JVM and Kafka client meters,
 * served as text at {@code /metrics} on a port each service configures.
 */
package org.mmedpo.common.metrics;
