/**
 * Bad records to the dead-letter topic: the Streams deserialization, processing and production
 * exception handlers, which turn every failure into a {@code DeadLetter} with provenance headers.
 */
package org.mmedpo.streams.errors;
