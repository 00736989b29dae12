package org.mmedpo.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.mmedpo.common.config.ConfigSources;
import org.mmedpo.common.kafka.Topics;
import org.mmedpo.common.serde.CachedSchemaRegistry;
import org.mmedpo.common.serde.EventSerdes;
import org.mmedpo.common.serde.InMemorySchemaRegistry;
import org.mmedpo.events.WeightScheme;
import org.mmedpo.streams.errors.DeadLetterDeserializationHandler;
import org.mmedpo.streams.errors.DeadLetterProcessingHandler;
import org.mmedpo.streams.errors.DeadLetterProductionHandler;
import org.mmedpo.streams.errors.DeadLetterRouter;
import org.mmedpo.streams.lesion.LesionNoiser;
import org.mmedpo.streams.lesion.MaskBuilder;

class StreamsAppConfigTest {

  private static StreamsAppConfig config(Map<String, String> flags) {
    return new StreamsAppConfig(ConfigSources.ofFlags(flags));
  }

  @Test
  void shouldPinItsDefaults() {
    Map<String, Object> v = config(Map.of()).effectiveValues();
    assertThat(v).containsEntry(StreamsAppConfig.APPLICATION_ID, "mmedpo-stream-processors")
        .containsEntry(StreamsAppConfig.THREADS, 1)
        .containsEntry("streams.metrics.port", 9402)
        .containsEntry("streams.metrics.bind.host", "127.0.0.1")
        .containsEntry(StreamsAppConfig.GUARANTEE, "exactly_once_v2")
        .containsEntry(StreamsAppConfig.COMMIT_INTERVAL_MS, 100L)
        .containsEntry(StreamsAppConfig.STATE_DIR, "")
        .containsEntry(StreamsAppConfig.MAX_POLL_INTERVAL_MS, 300_000)
        .containsEntry(StreamsAppConfig.RECORD_DEADLINE_MS, 60_000)
        .containsEntry(StreamsAppConfig.SEED, 42L)
        .containsEntry(StreamsAppConfig.KINDS, java.util.List.of("TEXT_HALLUCINATION", "LESION_NEGLECT"))
        .containsEntry(StreamsAppConfig.HALLUCINATOR, "clinical-engine")
        .containsEntry(StreamsAppConfig.LLM_URL, "")
        .containsEntry(StreamsAppConfig.LLM_MODEL, "gpt-4o")
        .containsEntry(StreamsAppConfig.LLM_TIMEOUT_MS, 20_000)
        .containsEntry(StreamsAppConfig.LLM_MAX_RETRIES, 3)
        .containsEntry(StreamsAppConfig.LLM_BACKOFF_MS, 500)
        .containsEntry(StreamsAppConfig.LLM_RATE, 2.0)
        .containsEntry(StreamsAppConfig.LLM_TEMPERATURE, 0.7)
        .containsEntry(StreamsAppConfig.LLM_MAX_TOKENS, 512)
        .containsEntry(StreamsAppConfig.LLM_ON_FAILURE, "fallback")
        .containsEntry(StreamsAppConfig.MODEL_CANDIDATES, 4)
        .containsEntry(StreamsAppConfig.MODEL_TEMPERATURE, 1.0)
        .containsEntry(StreamsAppConfig.MODEL_MAX_NEW_TOKENS, 80)
        .containsEntry(StreamsAppConfig.MODEL_MIN_SCORE, 0.4)
        .containsEntry(StreamsAppConfig.MODEL_FALLBACK, "clinical-engine")
        .containsEntry(StreamsAppConfig.JUDGES, java.util.List.of("clinical-rules"))
        .containsEntry(StreamsAppConfig.JUDGE_ENDPOINTS, java.util.List.of())
        .containsEntry(StreamsAppConfig.JUDGE_ON_FAILURE, "dead-letter")
        .containsEntry(StreamsAppConfig.JUDGE_TOLERANCE, 0.1)
        .containsEntry(StreamsAppConfig.CONSENSUS_MAX_ROUNDS, 5)
        .containsEntry(StreamsAppConfig.LOCALIZERS, java.util.List.of("ground-truth", "contrast"))
        .containsEntry(StreamsAppConfig.GROUND_TRUTH_CONFIDENCE, "significance")
        .containsEntry(StreamsAppConfig.VISUAL_PROMPT, "disease")
        .containsEntry(StreamsAppConfig.VISUAL_TIMEOUT_MS, 30_000)
        .containsEntry(StreamsAppConfig.MASK_KERNEL, 15)
        .containsEntry(StreamsAppConfig.MASK_THRESHOLD, "half-max")
        .containsEntry(StreamsAppConfig.MASK_MIN_COVERAGE, 0.001)
        .containsEntry(StreamsAppConfig.NOISE_MODE, "diffusion")
        .containsEntry(StreamsAppConfig.NOISE_STEP, 500)
        .containsEntry(StreamsAppConfig.NOISE_STEPS, 1000)
        .containsEntry(StreamsAppConfig.NOISE_BETA_START, 1e-5)
        .containsEntry(StreamsAppConfig.NOISE_BETA_END, 5e-3)
        .containsEntry(StreamsAppConfig.WEIGHT_SCHEME, "PAPER")
        .containsEntry(StreamsAppConfig.WEIGHT_MIN_COUNT, 30)
        .containsEntry(StreamsAppConfig.WEIGHT_VARIANCE, 0.1)
        .containsEntry(StreamsAppConfig.WEIGHT_MIN, 0.75)
        .containsEntry(StreamsAppConfig.WEIGHT_MAX, 1.25)
        .containsEntry(StreamsAppConfig.REFERENCE_ENRICHMENT, false)
        .containsEntry(StreamsAppConfig.REFERENCE_VERSION, "");
    StreamsAppConfig c = config(Map.of("data.dir", "/data"));
    // By default no part of the processors needs a model: the built-in parts run.
    assertThat(c.usesLatestModel()).isFalse();
    assertThat(c.referenceEnrichment()).isFalse();
    assertThat(c.stateDir()).isEqualTo(java.nio.file.Path.of("/data/streams"));
    assertThat(c.maskThreshold()).isEqualTo(MaskBuilder.Threshold.HALF_MAX);
    assertThat(c.noiseMode()).isEqualTo(LesionNoiser.Mode.DIFFUSION);
    assertThat(c.weightScheme()).isEqualTo(WeightScheme.PAPER);
    assertThat(c.groundTruthConfidence()).isEmpty();
  }

  @Test
  void shouldKeepARecordsExternalCallsWellInsideTheMaxPollInterval() {
    assertThatThrownBy(() -> config(Map.of(StreamsAppConfig.RECORD_DEADLINE_MS, "200000")))
        .isInstanceOf(ConfigException.class).hasMessageContaining(StreamsAppConfig.MAX_POLL_INTERVAL_MS);
    assertThat(config(Map.of(StreamsAppConfig.RECORD_DEADLINE_MS, "200000",
        StreamsAppConfig.MAX_POLL_INTERVAL_MS, "600000")).recordDeadline().toSeconds()).isEqualTo(200);
  }

  @Test
  void shouldRejectInconsistentSettings() {
    assertThatThrownBy(() -> config(Map.of(StreamsAppConfig.HALLUCINATOR, "llm")))
        .isInstanceOf(ConfigException.class).hasMessageContaining(StreamsAppConfig.LLM_URL);
    assertThatThrownBy(() -> config(Map.of(StreamsAppConfig.JUDGES, "clinical-rules,med42")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("med42");
    assertThatThrownBy(() -> config(Map.of(StreamsAppConfig.JUDGE_ENDPOINTS, "med42|http://x")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("name|baseUrl|model");
    assertThatThrownBy(() -> config(Map.of(StreamsAppConfig.MASK_KERNEL, "14")))
        .isInstanceOf(ConfigException.class);
    assertThatThrownBy(() -> config(Map.of(StreamsAppConfig.NOISE_STEP, "1001")))
        .isInstanceOf(ConfigException.class);
    assertThatThrownBy(() -> config(Map.of(StreamsAppConfig.LOCALIZERS, "visual-tool")))
        .isInstanceOf(ConfigException.class).hasMessageContaining(StreamsAppConfig.VISUAL_URL);
    assertThatThrownBy(() -> config(Map.of(StreamsAppConfig.GROUND_TRUTH_CONFIDENCE, "1.5")))
        .isInstanceOf(ConfigException.class);
    assertThatThrownBy(() -> config(Map.of(StreamsAppConfig.WEIGHT_SCHEME, "LINEAR")))
        .isInstanceOf(ConfigException.class);
    assertThatThrownBy(() -> config(Map.of(StreamsAppConfig.KINDS, "")))
        .isInstanceOf(ConfigException.class).hasMessageContaining(StreamsAppConfig.KINDS);
  }

  @Test
  void shouldAcceptSeveralMedLlmJudges() {
    StreamsAppConfig c = config(Map.of(
        StreamsAppConfig.JUDGES, "med42-7b,med42-70b,biomistral",
        StreamsAppConfig.JUDGE_ENDPOINTS, "med42-7b|http://a:8000/v1|m42-health/Llama3-Med42-7B,"
            + "med42-70b|http://b:8000/v1|m42-health/Llama3-Med42-70B,biomistral|http://c:11434/v1|biomistral"));
    assertThat(c.judgeEndpoints()).extracting(StreamsAppConfig.JudgeEndpoint::name)
        .containsExactly("med42-7b", "med42-70b", "biomistral");
    assertThat(c.judgeEndpoints().get(1).model()).isEqualTo("m42-health/Llama3-Med42-70B");
  }

  @Test
  void shouldConfigureKafkaStreamsForExactlyOnceAndDeadLetters() {
    try (InMemorySchemaRegistry registry = new InMemorySchemaRegistry()) {
      Topics topics = new Topics("", new EventSerdes(new CachedSchemaRegistry(registry.client(), true)));
      DeadLetterRouter router = new DeadLetterRouter(topics.dlq());
      Properties p = StreamsApp.properties(config(Map.of(StreamsAppConfig.THREADS, "2",
          "streams.num.standby.replicas", "1", "kafka.security.protocol", "PLAINTEXT")), router);
      assertThat(p).containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, "exactly_once_v2")
          .containsEntry(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2)
          .containsEntry(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class)
          .containsEntry(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class)
          .containsEntry(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProductionHandler.class)
          .containsEntry("num.standby.replicas", "1")
          .containsEntry("security.protocol", "PLAINTEXT")
          .containsEntry("consumer.max.poll.interval.ms", 300_000)
          .containsEntry(DeadLetterRouter.CONFIG_KEY, router);
      assertThat(new StreamsConfig(p).getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo("exactly_once_v2");
    }
  }

  @Test
  void shouldNeedTheModelsOnlyForTheModelBackedPartsSwitchedOn() {
    assertThat(config(Map.of(StreamsAppConfig.HALLUCINATOR, "target-model")).usesLatestModel()).isTrue();
    assertThat(config(Map.of(StreamsAppConfig.LOCALIZERS, "ground-truth,saliency,contrast")).usesLatestModel())
        .isTrue();
    assertThat(config(Map.of(StreamsAppConfig.REFERENCE_ENRICHMENT, "true")).usesLatestModel()).isFalse();
    StreamsAppConfig pinned = config(Map.of(StreamsAppConfig.REFERENCE_ENRICHMENT, "true",
        StreamsAppConfig.REFERENCE_VERSION, "base-7"));
    assertThat(pinned.referenceEnrichment()).isTrue();
    assertThat(pinned.referenceVersion()).isEqualTo("base-7");
    assertThatThrownBy(() -> config(Map.of(StreamsAppConfig.HALLUCINATOR, "target-model",
        StreamsAppConfig.MODEL_FALLBACK, "llm"))).isInstanceOf(ConfigException.class)
        .hasMessageContaining(StreamsAppConfig.LLM_URL);
  }
}
