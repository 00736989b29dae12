/**
 * Avro serialization in the Confluent wire format (magic byte 0, 4-byte big-endian schema id,
 * Avro binary) against any registry that speaks the Confluent REST API, and the one factory that
 * builds every serde from configuration.
 */
package org.mmedpo.common.serde;
