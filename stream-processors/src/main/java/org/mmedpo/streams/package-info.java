/**
 * The stream-processors application: its typed configuration, the wiring of its components from
 * configuration, and the Kafka Streams lifecycle.
 */
package org.mmedpo.streams;
