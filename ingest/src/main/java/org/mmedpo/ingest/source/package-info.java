/**
 * Reading an export folder: walking it safely (no symlinks, nothing outside the root), telling
 * DICOM files, reports, ground-truth sidecars and masks apart, and reading DICOM headers.
 */
package org.mmedpo.ingest.source;
