package org.mmedpo.streams.topology;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.mmedpo.common.kafka.Topic;

/**
 * Serdes of state stores holding events: the event topic's Avro serde, always framed with the
 * schema id registered for that topic, whatever changelog topic Kafka Streams names. Stored values
 * stay readable across schema versions, and no extra registry subjects appear.
 */
final class StoreSerdes {

  private StoreSerdes() {}

  static <V> Serde<V> pinnedTo(Topic<V> topic) {
    Serializer<V> serializer = topic.valueSerde().serializer();
    Deserializer<V> deserializer = topic.valueSerde().deserializer();
    String name = topic.name();
    return Serdes.serdeFrom((ignored, value) -> serializer.serialize(name, value),
        (ignored, bytes) -> deserializer.deserialize(name, bytes));
  }
}
