package org.mmedpo.common.serde;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * Memoizes the two lookups on the hot path (schema to id when writing, id to schema when
 * reading), so each is one HTTP call per process. Ids are immutable in every Confluent-compatible
 * registry, so entries never expire. Thread-safe.
 */
public final class CachedSchemaRegistry {

  private final SchemaRegistryClient client;
  private final boolean autoRegister;
  private final Map<String, Integer> idBySubjectAndSchema = new ConcurrentHashMap<>();
  private final Map<Integer, Schema> schemaById = new ConcurrentHashMap<>();

  /**
   * @param autoRegister register unknown schemas; when false, a schema that is not registered is
   *     an error
   */
  public CachedSchemaRegistry(SchemaRegistryClient client, boolean autoRegister) {
    this.client = client;
    this.autoRegister = autoRegister;
  }

  public SchemaRegistryClient client() {
    return client;
  }

  /** The id of {@code schema} under {@code subject}, registering it when allowed. */
  public int idOf(String subject, Schema schema) {
    return idBySubjectAndSchema.computeIfAbsent(subject + '\u0000' + schema, key -> {
      int id = autoRegister ? client.register(subject, schema) : client.lookup(subject, schema);
      schemaById.putIfAbsent(id, schema);
      return id;
    });
  }

  /** The writer schema with the given id. */
  public Schema schemaOf(int id) {
    return schemaById.computeIfAbsent(id, client::schemaById);
  }
}
