package org.mmedpo.common.blob;

/**
 * A blob in the store.
 *
 * @param uri where it is, to put into events
 * @param sha256 lower-case hex SHA-256 of the bytes
 * @param size length in bytes
 * @param created false when the store already held these bytes
 */
public record StoredBlob(String uri, String sha256, long size, boolean created) {}
