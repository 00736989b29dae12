/**
 * Online model refresh: a holder that follows mmedpo.model-versions.v1 and swaps in each new
 * model version without a restart.
 */
package org.mmedpo.model.live;
