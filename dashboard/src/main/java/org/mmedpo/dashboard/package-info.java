/**
 * The live web dashboard ({@code ./mmedpo dashboard}): its configuration and its lifecycle, which
 * wires the Kafka readers, the aggregated views and the HTTP server together.
 */
package org.mmedpo.dashboard;
