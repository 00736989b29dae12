/**
 * Image side of the model: turning a 16-bit grey radiograph into the model's small normalized
 * input, and saliency heatmaps back at the radiograph's size.
 */
package org.mmedpo.model.image;
