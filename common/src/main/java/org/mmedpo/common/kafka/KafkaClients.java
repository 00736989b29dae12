package org.mmedpo.common.kafka;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.mmedpo.common.config.AppConfig;

/**
 * Kafka client settings from configuration: the bootstrap servers, the project's defaults, and
 * any {@code kafka.*} pass-through settings (security, tuning), which win.
 */
public final class KafkaClients {

  private KafkaClients() {}

  /** Settings of an admin client. */
  public static Map<String, Object> admin(AppConfig config) {
    Map<String, Object> props = new HashMap<>();
    props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    props.putAll(config.kafkaOverrides());
    return props;
  }

  /** Settings of an idempotent producer that waits for all in-sync replicas. */
  public static Map<String, Object> producer(AppConfig config, String clientId) {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    props.putAll(config.kafkaOverrides());
    return props;
  }

  /** Settings of a consumer in {@code groupId} that commits offsets itself. */
  public static Map<String, Object> consumer(AppConfig config, String groupId) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    if (groupId != null) {
      props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    }
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.putAll(config.kafkaOverrides());
    return props;
  }
}
