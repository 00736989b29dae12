/**
 * A DICOM Part 10 reader and writer of our own (exact control of every attribute, which
 * de-identification needs), the transfer syntaxes we decode, and the pixel pipeline to display-ready
 * 16-bit grey (rescale, VOI window, MONOCHROME1 inversion).
 */
package org.mmedpo.ingest.dicom;
