package org.mmedpo.streams.topology;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.mmedpo.common.kafka.Topics;
import org.mmedpo.events.DispreferredVariant;
import org.mmedpo.events.ImageReportPair;
import org.mmedpo.streams.StreamsAppConfig;
import org.mmedpo.streams.assembly.RunningStats;

/**
 * The stream processors' topology, as a pure factory:
 *
 * <pre>
 * pairs ── pair-intake ─┬─ text-hallucinator ─┐
 *   (pairs-store)       └─ lesion-noiser ─────┴─► variants
 * variants ── clinical-judge ──► scores          (reads pairs-store, writes variants-store)
 * scores ── assembler ──► preferences            (reads pairs-store, variants-store; weight-stats-store)
 * </pre>
 *
 * All topics are keyed by study pseudonym and have the same partition count, so the task of
 * partition p sees a pair, its variants and their scores, and the stores shared by the three
 * sources join them without repartitioning. Every node and store is named; names are part of the
 * application's state and must not change between versions.
 */
public final class PipelineTopology {

  public static final String PAIRS_SOURCE = "pairs-source";
  public static final String VARIANTS_SOURCE = "variants-source";
  public static final String SCORES_SOURCE = "scores-source";
  public static final String PAIR_INTAKE = "pair-intake";
  public static final String TEXT_HALLUCINATOR = "text-hallucinator";
  public static final String LESION_NOISER = "lesion-noiser";
  public static final String JUDGE = "clinical-judge";
  public static final String ASSEMBLER = "assembler";
  public static final String VARIANTS_SINK = "variants-sink";
  public static final String SCORES_SINK = "scores-sink";
  public static final String PREFERENCES_SINK = "preferences-sink";

  /** pairId to the pair, until every variant of it is assembled. */
  public static final String PAIRS_STORE = "pairs-store";
  /** pairId to the number of its variants not yet assembled. */
  public static final String PENDING_STORE = "pending-store";
  /** variantId to the variant, until its score is assembled. */
  public static final String VARIANTS_STORE = "variants-store";
  /** dispreference kind to the running statistics of its scores (per task). */
  public static final String STATS_STORE = "weight-stats-store";

  private PipelineTopology() {}

  /** The topology for {@code config}, reading and writing {@code topics}, working with {@code components}. */
  public static Topology build(StreamsAppConfig config, Topics topics, Components components) {
    Topology topology = new Topology();
    var keys = topics.pairs().keySerde();
    topology.addSource(PAIRS_SOURCE, keys.deserializer(), topics.pairs().valueSerde().deserializer(),
        topics.pairs().name());
    topology.addSource(VARIANTS_SOURCE, keys.deserializer(), topics.variants().valueSerde().deserializer(),
        topics.variants().name());
    topology.addSource(SCORES_SOURCE, keys.deserializer(), topics.scores().valueSerde().deserializer(),
        topics.scores().name());

    topology.addProcessor(PAIR_INTAKE, () -> new PairIntakeProcessor(config.reportPrompt()), PAIRS_SOURCE);
    List<String> variantProducers = new ArrayList<>();
    if (config.textVariants()) {
      topology.addProcessor(TEXT_HALLUCINATOR, () -> new TextVariantProcessor(components), PAIR_INTAKE);
      variantProducers.add(TEXT_HALLUCINATOR);
    }
    if (config.imageVariants()) {
      topology.addProcessor(LESION_NOISER, () -> new ImageVariantProcessor(components), PAIR_INTAKE);
      variantProducers.add(LESION_NOISER);
    }
    topology.addSink(VARIANTS_SINK, topics.variants().name(), keys.serializer(),
        topics.variants().valueSerde().serializer(), variantProducers.toArray(String[]::new));

    topology.addProcessor(JUDGE, () -> new JudgeProcessor(components), VARIANTS_SOURCE);
    topology.addSink(SCORES_SINK, topics.scores().name(), keys.serializer(),
        topics.scores().valueSerde().serializer(), JUDGE);

    topology.addProcessor(ASSEMBLER, () -> new AssemblyProcessor(components), SCORES_SOURCE);
    topology.addSink(PREFERENCES_SINK, topics.preferences().name(), keys.serializer(),
        topics.preferences().valueSerde().serializer(), ASSEMBLER);

    StoreBuilder<KeyValueStore<String, ImageReportPair>> pairs = Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(PAIRS_STORE), Serdes.String(), StoreSerdes.pinnedTo(topics.pairs()));
    StoreBuilder<KeyValueStore<String, Integer>> pending = Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(PENDING_STORE), Serdes.String(), Serdes.Integer());
    StoreBuilder<KeyValueStore<String, DispreferredVariant>> variants = Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(VARIANTS_STORE), Serdes.String(), StoreSerdes.pinnedTo(topics.variants()));
    StoreBuilder<KeyValueStore<String, RunningStats>> stats = Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(STATS_STORE), Serdes.String(), RunningStats.serde());
    topology.addStateStore(pairs, PAIR_INTAKE, JUDGE, ASSEMBLER);
    List<String> pendingUsers = new ArrayList<>(variantProducers);
    pendingUsers.add(ASSEMBLER);
    topology.addStateStore(pending, pendingUsers.toArray(String[]::new));
    topology.addStateStore(variants, JUDGE, ASSEMBLER);
    topology.addStateStore(stats, ASSEMBLER);
    return topology;
  }
}
