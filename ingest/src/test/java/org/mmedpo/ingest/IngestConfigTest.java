package org.mmedpo.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mmedpo.common.config.ConfigSources;

class IngestConfigTest {

  @Test
  void shouldPinTheIngestDefaults() {
    IngestConfig config = new IngestConfig(ConfigSources.defaults());
    assertThat(config.deidSecret()).isEmpty();
    assertThat(config.deidKeyFile()).isEqualTo(java.nio.file.Path.of(".mmedpo/ingest/deid.key"));
    assertThat(config.shiftDates()).isTrue();
    assertThat(config.shiftMaxDays()).isEqualTo(1095);
    assertThat(config.maxFileBytes()).isEqualTo(512L * 1024 * 1024);
    assertThat(config.maxDimension()).isEqualTo(16_384);
    assertThat(config.maxPixels()).isEqualTo(64L * 1024 * 1024);
    assertThat(config.getInt(IngestConfig.THREADS)).isZero();
    assertThat(config.threads()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(config.commitIntervalMs()).isEqualTo(1_000);
    assertThat(config.transactionalId()).isEqualTo("mmedpo-ingest-1");
    assertThat(config.exportId()).isEmpty();
    assertThat(config.watchPollMs()).isEqualTo(1_000);
    assertThat(config.watchSettleMs()).isEqualTo(2_000);
    assertThat(config.watchMarker()).isEmpty();
    assertThat(config.pairingTimeoutMs()).isEqualTo(600_000L);
    assertThat(config.stowPort()).isEqualTo(8104);
    assertThat(config.stowBindHost()).isEqualTo("127.0.0.1");
    assertThat(config.stowMaxRequestBytes()).isEqualTo(1024L * 1024 * 1024);
    assertThat(config.getInt("ingest.metrics.port")).isEqualTo(9401);
    assertThat(config.getString("ingest.metrics.bind.host")).isEqualTo("127.0.0.1");
    assertThat(IngestConfig.DEFINITION.names()).hasSize(17 + 13 + 2);
  }
}
