package org.mmedpo.common.serde;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.mmedpo.common.config.AppConfig;
import org.mmedpo.schemas.EventContract;

/**
 * The one place that builds serdes: one per event contract, all sharing a cached registry client
 * configured from {@link AppConfig} ({@code schema.registry.*}).
 */
public final class EventSerdes {

  private final CachedSchemaRegistry registry;
  private final Map<EventContract, AvroSerde<?>> serdes = new EnumMap<>(EventContract.class);

  public EventSerdes(CachedSchemaRegistry registry) {
    this.registry = registry;
    for (EventContract contract : EventContract.values()) {
      serdes.put(contract, AvroSerde.of(registry, contract));
    }
  }

  /** Serdes for the registry that {@code config} names. */
  public static EventSerdes create(AppConfig config) {
    SchemaRegistryClient client = new SchemaRegistryClient(
        config.schemaRegistryUrl(), Duration.ofMillis(config.schemaRegistryTimeoutMs()));
    return new EventSerdes(new CachedSchemaRegistry(client, config.schemaAutoRegister()));
  }

  /** The value serde of {@code contract}. */
  @SuppressWarnings("unchecked")
  public <T extends SpecificRecord> AvroSerde<T> valueSerde(EventContract contract) {
    return (AvroSerde<T>) serdes.get(contract);
  }

  public CachedSchemaRegistry registry() {
    return registry;
  }
}
