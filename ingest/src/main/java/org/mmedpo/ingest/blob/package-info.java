/**
 * The S3-compatible blob store (AWS S3, MinIO, Ceph, s3rver): a small SigV4 client over
 * java.net.http, offered to every application through the common BlobStoreProvider SPI.
 */
package org.mmedpo.ingest.blob;
