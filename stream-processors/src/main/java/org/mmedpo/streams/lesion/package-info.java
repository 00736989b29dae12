/**
 * Image dispreference (D_v): lesion localizers that give a heatmap and a confidence, the mask made
 * from the heatmap, and the forward-diffusion (or pixel-replacement) noise applied inside it.
 */
package org.mmedpo.streams.lesion;
