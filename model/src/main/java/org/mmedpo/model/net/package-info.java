/**
 * The network as a DJL block: a ViT image encoder, an MLP projector and a causal transformer
 * decoder with LayerNorm, written from DJL's functional ops (linear, conv2d, layerNorm, gelu).
 */
package org.mmedpo.model.net;
