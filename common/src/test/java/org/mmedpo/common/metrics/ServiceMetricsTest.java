package org.mmedpo.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.mmedpo.common.config.AppConfig;
import org.mmedpo.common.config.ConfigSources;

class ServiceMetricsTest {

  /** An application that opts in to metrics, as ingest, streams and trainer do. */
  static final class IngestLikeConfig extends AppConfig {
    static final ConfigDef DEF = ServiceMetrics.define(AppConfig.define(new ConfigDef()), "ingest", 9401);

    IngestLikeConfig(Map<String, String> flags) {
      super(DEF, ConfigSources.ofFlags(flags));
    }
  }

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void shouldDefineAPortAndLoopbackAddressPerService() {
    IngestLikeConfig config = new IngestLikeConfig(Map.of());
    assertThat(config.getInt("ingest.metrics.port")).isEqualTo(9401);
    assertThat(config.getString("ingest.metrics.bind.host")).isEqualTo("127.0.0.1");
  }

  @Test
  void shouldServeJvmMetricsTaggedWithTheServiceInPrometheusTextFormat() throws Exception {
    try (ServiceMetrics metrics = ServiceMetrics.start(
        new IngestLikeConfig(Map.of("ingest.metrics.port", "0")), "ingest")) {
      metrics.registry().counter("mmedpo_pairs_ingested").increment(3);
      HttpResponse<String> response = get(metrics, "/metrics");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).contains(ServiceMetrics.CONTENT_TYPE);
      assertThat(response.body())
          .contains("jvm_memory_used_bytes{")
          .contains("service=\"ingest\"")
          .containsPattern("mmedpo_pairs_ingested_total\\{service=\"ingest\"} 3\\.0");
      assertThat(get(metrics, "/healthz").body()).isEqualTo("ok\n");
    }
  }

  @Test
  void shouldRecordTheMetricsOfMonitoredKafkaClients() {
    Map<String, Object> producerProps = Map.of("bootstrap.servers", "127.0.0.1:1", "client.id", "p");
    Map<String, Object> consumerProps = Map.of("bootstrap.servers", "127.0.0.1:1", "client.id", "c");
    try (ServiceMetrics metrics = ServiceMetrics.unserved("streams");
         KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps,
             new StringSerializer(), new StringSerializer());
         KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps,
             new StringDeserializer(), new StringDeserializer())) {
      metrics.monitor(producer);
      metrics.monitor(consumer);
      assertThat(metrics.scrape()).contains("kafka_producer_").contains("kafka_consumer_");
      assertThat(metrics.address()).isEmpty();
    }
  }

  @Test
  void shouldNotListenWhenThePortIsMinusOne() {
    try (ServiceMetrics metrics = ServiceMetrics.start(
        new IngestLikeConfig(Map.of("ingest.metrics.port", "-1")), "ingest")) {
      assertThat(metrics.address()).isEmpty();
      assertThat(metrics.scrape()).contains("jvm_threads_live_threads");
    }
  }

  @Test
  void shouldNameTheSettingWhenThePortIsTaken() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      IngestLikeConfig config = new IngestLikeConfig(
          Map.of("ingest.metrics.port", String.valueOf(taken.getLocalPort())));
      assertThatThrownBy(() -> ServiceMetrics.start(config, "ingest"))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("ingest.metrics.port");
    }
  }

  private static HttpResponse<String> get(ServiceMetrics metrics, String path) throws Exception {
    int port = metrics.address().orElseThrow().getPort();
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
