/**
 * What the page shows, aggregated in memory: events read from the pipeline's topics (mixes,
 * histograms, curves, versions, samples) and the cluster's offsets, rates and lag.
 */
package org.mmedpo.dashboard.view;
