package org.mmedpo.trainer.stream;

import ai.djl.Device;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.mmedpo.common.blob.BlobStore;
import org.mmedpo.common.blob.StoredBlob;
import org.mmedpo.common.config.ConfigSources;
import org.mmedpo.common.image.GrayImage;
import org.mmedpo.common.image.PngCodec;
import org.mmedpo.common.kafka.KafkaClients;
import org.mmedpo.common.kafka.Topics;
import org.mmedpo.common.serde.EventSerdes;
import org.mmedpo.events.DispreferenceKind;
import org.mmedpo.events.ImageRef;
import org.mmedpo.events.ItemType;
import org.mmedpo.events.ModelKind;
import org.mmedpo.events.ModelVersion;
import org.mmedpo.events.PreferenceSample;
import org.mmedpo.events.SampleProvenance;
import org.mmedpo.events.WeightScheme;
import org.mmedpo.model.MedVlm;
import org.mmedpo.model.ModelConfig;
import org.mmedpo.model.archive.ArchiveMetadata;
import org.mmedpo.model.text.Tokenizer;
import org.mmedpo.platform.EmbeddedPlatform;
import org.mmedpo.platform.PlatformConfig;
import org.mmedpo.trainer.TrainerConfig;

/** An embedded platform with a published tiny base model and a preferences stream, for ITs. */
final class TrainerFixture implements AutoCloseable {

  final Path dir;
  final EmbeddedPlatform platform;
  final Map<String, String> settings = new HashMap<>();
  final List<String> validSampleIds = new ArrayList<>();

  TrainerFixture(Path dir, int partitions) throws IOException {
    this.dir = dir;
    String home = System.getenv().getOrDefault("MMEDPO_HOME", "/work/main");
    Path jar = Path.of(home, "registry-server/target/quarkus-app/quarkus-run.jar");
    if (!Files.exists(jar)) {
      throw new IllegalStateException("the registry server is not built at " + jar
          + "; set MMEDPO_HOME to a checkout where it is");
    }
    Map<String, String> flags = new HashMap<>();
    flags.put(PlatformConfig.KAFKA_PORT, Integer.toString(freePort()));
    flags.put(PlatformConfig.REGISTRY_PORT, Integer.toString(freePort()));
    flags.put(PlatformConfig.REGISTRY_JAR, jar.toString());
    flags.put(PlatformConfig.TOPIC_PARTITIONS, Integer.toString(partitions));
    flags.put(PlatformConfig.DATA_DIR, dir.resolve("platform").toString());
    platform = EmbeddedPlatform.start(new PlatformConfig(ConfigSources.ofFlags(flags)));
    settings.put(TrainerConfig.BOOTSTRAP_SERVERS, platform.bootstrapServers());
    settings.put(TrainerConfig.SCHEMA_REGISTRY_URL, platform.registryUrl());
    settings.put(TrainerConfig.DATA_DIR, dir.toString());
    settings.put(TrainerConfig.BLOB_STORE_URI, dir.resolve("blobs").toUri().toString());
  }

  TrainerConfig config(Map<String, String> more) {
    Map<String, String> all = new HashMap<>(settings);
    all.putAll(more);
    return new TrainerConfig(ConfigSources.ofFlags(all));
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static Tokenizer tokenizer() {
    return Tokenizer.build(List.of("is there a nodule ? yes no the lungs are clear .",
        "there is a nodule in the left right lung . describe the findings"), 1);
  }

  /** Publishes a freshly initialized tiny model as BASE version {@code version}. */
  void publishBase(String version) {
    TrainerConfig config = config(Map.of());
    try (MedVlm model = MedVlm.create(ModelConfig.tiny(), tokenizer(), Device.cpu());
        BlobStore blobs = BlobStore.open(config.blobStoreUri())) {
      byte[] archive = model.toArchive(new ArchiveMetadata("m", version, null, "BASE", 0, 0,
          Map.of()));
      ModelVersion mv = ModelVersions.stored(blobs, archive).setVersion(version)
          .setModelName("m").setKind(ModelKind.BASE).setSamplesSeen(0).setSteps(0)
          .setCreatedAt(Instant.now()).build();
      Topics topics = Topics.create(config, EventSerdes.create(config));
      try (KafkaProducer<String, ModelVersion> producer = new KafkaProducer<>(
          KafkaClients.producer(config, "fixture"), new StringSerializer(),
          topics.modelVersions().valueSerde().serializer())) {
        ModelVersions.publish(producer, topics.modelVersions(), mv);
      }
    }
  }

  /** Produces {@code count} valid samples (half text, half image) and one undecodable record. */
  void produceSamples(int count, long seed) {
    TrainerConfig config = config(Map.of());
    SplittableRandom random = new SplittableRandom(seed);
    Topics topics = Topics.create(config, EventSerdes.create(config));
    try (BlobStore blobs = BlobStore.open(config.blobStoreUri());
        KafkaProducer<String, PreferenceSample> producer = new KafkaProducer<>(
            KafkaClients.producer(config, "fixture"), new StringSerializer(),
            topics.preferences().valueSerde().serializer());
        KafkaProducer<String, byte[]> raw = new KafkaProducer<>(
            KafkaClients.producer(config, "fixture-raw"), new StringSerializer(),
            new ByteArraySerializer())) {
      List<ImageRef> refs = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        GrayImage img = GrayImage.blank(32, 32, 16);
        for (int p = 0; p < img.pixels().length; p++) {
          img.pixels()[p] = random.nextInt(65536);
        }
        StoredBlob blob = blobs.put(PngCodec.encode(img), "image/png");
        refs.add(ImageRef.newBuilder().setUri(blob.uri()).setSha256(blob.sha256()).setWidth(32)
            .setHeight(32).setBitsStored(16).build());
      }
      for (int i = 0; i < count; i++) {
        boolean text = i % 2 == 0;
        ImageRef x = refs.get(random.nextInt(refs.size()));
        ImageRef xStar = text ? x : refs.get(random.nextInt(refs.size()));
        String id = String.format("sample-%03d", i);
        PreferenceSample s = PreferenceSample.newBuilder().setSampleId(id)
            .setKind(text ? DispreferenceKind.TEXT_HALLUCINATION : DispreferenceKind.LESION_NEGLECT)
            .setItemType(ItemType.VQA_CLOSED).setPrompt("is there a nodule ?")
            .setChosenText(random.nextBoolean() ? "yes" : "no").setChosenImage(x)
            .setRejectedText(text ? "no , the lungs are clear ." : "yes").setRejectedImage(xStar)
            .setRawScore(0.8).setWeight(0.75 + 0.5 * random.nextDouble())
            .setWeightScheme(WeightScheme.PAPER)
            .setProvenance(SampleProvenance.newBuilder().setSource("test").build())
            .setCreatedAt(Instant.now()).build();
        producer.send(new ProducerRecord<>(topics.preferences().name(), id, s));
        validSampleIds.add(id);
        if (i == count / 2) {
          raw.send(new ProducerRecord<>(topics.preferences().name(), "poison",
              new byte[] {0, 0, 0, 0, 99, 1, 2, 3}));
        }
      }
      producer.flush();
      raw.flush();
    }
  }

  @Override
  public void close() {
    platform.close();
  }
}
