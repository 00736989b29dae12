package org.mmedpo.streams.errors;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Serializer;
import org.mmedpo.common.kafka.DeadLetters;
import org.mmedpo.common.kafka.Topic;
import org.mmedpo.events.DeadLetter;

/**
 * Builds the dead-letter records the Streams exception handlers return: a {@code DeadLetter}
 * value in the Confluent wire format, the failed record's key, and the provenance headers of
 * {@link DeadLetters#headers}. Handlers are instantiated by Kafka Streams from class names, so the
 * router reaches them as an object in the Streams configuration under {@link #CONFIG_KEY}.
 */
public final class DeadLetterRouter {

  /** Streams configuration key under which the handlers find the router. */
  public static final String CONFIG_KEY = "mmedpo.dead.letter.router";

  private final String topic;
  private final Serializer<DeadLetter> serializer;

  public DeadLetterRouter(Topic<DeadLetter> dlq) {
    this.topic = dlq.name();
    this.serializer = dlq.valueSerde().serializer();
  }

  public String topic() {
    return topic;
  }

  /** The record that carries {@code letter}, keyed like the failed record. */
  public ProducerRecord<byte[], byte[]> record(DeadLetter letter, byte[] key) {
    return new ProducerRecord<>(topic, null, key, serializer.serialize(topic, letter),
        DeadLetters.headers(letter));
  }

  /** The router in a handler's configuration. */
  static DeadLetterRouter from(Map<String, ?> configs) {
    Object router = configs.get(CONFIG_KEY);
    if (!(router instanceof DeadLetterRouter r)) {
      throw new ConfigException(CONFIG_KEY, router, "the Streams configuration must hold a DeadLetterRouter");
    }
    return r;
  }

  /** The short stable reason of a failure. */
  public static String reasonOf(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof RejectedRecordException rejected) {
        return rejected.reason();
      }
    }
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName();
  }

  /** The failure that explains a record: the first {@link RejectedRecordException}, else the error. */
  static Throwable explanation(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof RejectedRecordException) {
        return t;
      }
    }
    return error;
  }
}
