/**
 * The event contracts of the pipeline: the topics and their value types (the Avro classes in
 * {@code org.mmedpo.events} are generated from {@code src/main/avro} at build time), and the
 * build-time check that keeps every schema backward compatible with its last released version.
 */
package org.mmedpo.schemas;
