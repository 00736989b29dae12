package org.mmedpo.common.kafka;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.mmedpo.common.serde.AvroSerde;
import org.mmedpo.schemas.EventContract;

/**
 * One topic as a typed value: its name and the serdes of its keys (UTF-8 strings) and values.
 * Producers, consumers and Streams topologies take both from here, never from string constants.
 *
 * @param <V> the value type
 */
public record Topic<V>(String name, EventContract contract, AvroSerde<?> avroSerde) {

  /** Keys of every topic are UTF-8 strings. */
  public Serde<String> keySerde() {
    return Serdes.String();
  }

  /** The Avro value serde. */
  @SuppressWarnings("unchecked")
  public Serde<V> valueSerde() {
    return (Serde<V>) avroSerde;
  }

  /** The schema-registry subject of the values. */
  public String valueSubject() {
    return EventContract.valueSubject(name);
  }
}
