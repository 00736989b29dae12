/**
 * Turning stored data into something a person can look at: windowed 8-bit images and mask outlines
 * from the blob store (only from the configured store), and word-level diffs of two reports.
 */
package org.mmedpo.dashboard.display;
