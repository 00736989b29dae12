/**
 * The DICOMweb STOW-RS endpoint (PS3.18 10.5): PACS push studies as multipart/related bodies of
 * application/dicom parts, with their report as another part; ingested like files of an export.
 */
package org.mmedpo.ingest.stow;
