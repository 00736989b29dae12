package org.mmedpo.common.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.mmedpo.schemas.EventContract;

/**
 * Serde of one generated Avro type in the Confluent wire format. Values are registered under the
 * subject {@code <topic>-value} (the TopicNameStrategy); readers resolve the writer's schema by
 * the id in the bytes, so events written with an older compatible schema still read.
 *
 * <p>Thread-safe: Kafka Streams shares one serde across its stream threads.
 *
 * @param <T> the generated record type
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

  private final CachedSchemaRegistry registry;
  private final Schema readerSchema;
  private final SpecificData model;
  private final SpecificDatumWriter<T> writer;
  private final Map<Integer, SpecificDatumReader<T>> readers = new ConcurrentHashMap<>();

  /** A serde of {@code type}, whose schema is {@code schema}. */
  public AvroSerde(CachedSchemaRegistry registry, Class<T> type, Schema schema) {
    EventClassTrust.install();
    this.registry = registry;
    this.readerSchema = schema;
    this.model = SpecificData.getForClass(type); // the generated MODEL$, with its logical-type conversions
    this.writer = new SpecificDatumWriter<>(schema, model);
  }

  /** A serde of the value type of {@code contract}. */
  @SuppressWarnings("unchecked")
  public static <T extends SpecificRecord> AvroSerde<T> of(CachedSchemaRegistry registry,
      EventContract contract) {
    return new AvroSerde<>(registry, (Class<T>) contract.valueType(), contract.valueSchema());
  }

  /** Frames {@code value} for {@code topic}; null stays null (a tombstone). */
  public byte[] serialize(String topic, T value) {
    if (value == null) {
      return null;
    }
    int id = registry.idOf(EventContract.valueSubject(topic), readerSchema);
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    out.write(ConfluentWireFormat.MAGIC_BYTE);
    out.write(id >>> 24);
    out.write(id >>> 16);
    out.write(id >>> 8);
    out.write(id);
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    try {
      writer.write(value, encoder);
      encoder.flush();
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("cannot encode " + readerSchema.getName() + " for topic "
          + topic + ": " + e.getMessage(), e);
    }
    return out.toByteArray();
  }

  /** Reads a framed value; null stays null. */
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    int id = ConfluentWireFormat.schemaId(data);
    SpecificDatumReader<T> reader = readers.computeIfAbsent(id,
        key -> new SpecificDatumReader<>(registry.schemaOf(key), readerSchema, model));
    BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(
        data, ConfluentWireFormat.HEADER_SIZE, data.length - ConfluentWireFormat.HEADER_SIZE, null);
    try {
      return reader.read(null, decoder);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("cannot decode " + readerSchema.getName() + " (schema id "
          + id + ") from topic " + topic + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Serializer<T> serializer() {
    return this::serialize;
  }

  @Override
  public Deserializer<T> deserializer() {
    return this::deserialize;
  }
}
