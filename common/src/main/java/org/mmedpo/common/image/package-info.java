/**
 * Grey-scale images as they are stored in blobs: unsigned samples (16-bit radiographs, 8-bit
 * masks) and their lossless PNG encoding.
 */
package org.mmedpo.common.image;
