/**
 * The HTTP side: the page and its static files, a JSON snapshot, the server-sent event stream that
 * keeps the page live, the sample browser's details and images, health and Prometheus metrics.
 */
package org.mmedpo.dashboard.web;
