/**
 * What the dashboard reads from the cluster and the topics, re-exported as Prometheus meters, so a
 * Grafana board shows ingest rates, lag, dead letters and training curves without its own reader.
 */
package org.mmedpo.dashboard.metrics;
