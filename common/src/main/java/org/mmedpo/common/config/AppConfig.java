package org.mmedpo.common.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;

/**
 * Base of every application's typed configuration: the keys all applications share (where Kafka,
 * the registry and the data live) and their typed getters. Subclasses add their own keys with
 * {@link #define(ConfigDef)} and are built from {@link ConfigSources}.
 */
public abstract class AppConfig extends AbstractConfig {

  public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
  public static final String SCHEMA_REGISTRY_AUTO_REGISTER = "schema.registry.auto.register";
  public static final String SCHEMA_REGISTRY_TIMEOUT_MS = "schema.registry.timeout.ms";
  public static final String DATA_DIR = "data.dir";
  public static final String BLOB_STORE_URI = "blob.store.uri";
  public static final String TOPIC_PREFIX = "topic.prefix";
  public static final String PLATFORM_MODE = "platform.mode";
  public static final String BLOB_S3_ENDPOINT = "blob.s3.endpoint";
  public static final String BLOB_S3_REGION = "blob.s3.region";
  public static final String BLOB_S3_ACCESS_KEY = "blob.s3.access.key";
  public static final String BLOB_S3_SECRET_KEY = "blob.s3.secret.key";
  public static final String BLOB_S3_PATH_STYLE = "blob.s3.path.style";

  /** Defaults of the embedded platform; the README and PRODUCT.md name them. */
  public static final String DEFAULT_BOOTSTRAP = "localhost:9092";
  public static final String DEFAULT_REGISTRY = "http://localhost:8081/apis/ccompat/v7";

  /** Adds the shared keys to {@code def} and returns it. */
  public static ConfigDef define(ConfigDef def) {
    return def
        .define(BOOTSTRAP_SERVERS, Type.STRING, DEFAULT_BOOTSTRAP, new NonBlank(), Importance.HIGH,
            "Kafka bootstrap servers, host:port[,host:port...].")
        .define(SCHEMA_REGISTRY_URL, Type.STRING, DEFAULT_REGISTRY, new NonBlank(), Importance.HIGH,
            "Base URL of a Confluent-compatible schema registry API (Confluent Schema Registry, "
                + "Apicurio's /apis/ccompat/v7, Karapace, Redpanda).")
        .define(SCHEMA_REGISTRY_AUTO_REGISTER, Type.BOOLEAN, true, Importance.MEDIUM,
            "Register a value schema on first use; when false, schemas must already be registered.")
        .define(SCHEMA_REGISTRY_TIMEOUT_MS, Type.INT, 10_000, ConfigDef.Range.atLeast(100),
            Importance.LOW, "Timeout of one schema-registry HTTP call, in milliseconds.")
        .define(DATA_DIR, Type.STRING, ".mmedpo", new NonBlank(), Importance.HIGH,
            "Folder for local state: embedded broker and registry data, the local blob store, "
                + "checkpoints and caches.")
        .define(BLOB_STORE_URI, Type.STRING, "", Importance.HIGH,
            "Where images and models are stored: file:/path, or s3://bucket/prefix for an "
                + "S3-compatible store. Empty means <data.dir>/blobs.")
        .define(BLOB_S3_ENDPOINT, Type.STRING, "", Importance.MEDIUM,
            "Endpoint of the S3-compatible store for s3:// blob URIs, e.g. http://127.0.0.1:9000; "
                + "empty means AWS S3 in blob.s3.region.")
        .define(BLOB_S3_REGION, Type.STRING, "us-east-1", Importance.LOW,
            "Region used to sign S3 requests (SigV4).")
        .define(BLOB_S3_ACCESS_KEY, Type.PASSWORD, "", Importance.MEDIUM,
            "Access key id of the S3-compatible store; empty reads AWS_ACCESS_KEY_ID.")
        .define(BLOB_S3_SECRET_KEY, Type.PASSWORD, "", Importance.MEDIUM,
            "Secret access key of the S3-compatible store; empty reads AWS_SECRET_ACCESS_KEY.")
        .define(BLOB_S3_PATH_STYLE, Type.BOOLEAN, true, Importance.LOW,
            "Address buckets as <endpoint>/<bucket>/<key> (MinIO and most S3-compatible stores) "
                + "rather than <bucket>.<endpoint>/<key>.")
        .define(TOPIC_PREFIX, Type.STRING, "", Importance.LOW,
            "Prefix of every topic name, to run several pipelines on one cluster.")
        .define(PLATFORM_MODE, Type.STRING, "auto", ValidString.in("auto", "embedded", "external"),
            Importance.MEDIUM, "auto: use the Kafka and registry configured if they answer, "
                + "otherwise start the embedded platform; embedded: always start it; external: "
                + "never start it.");
  }

  private final ConfigSources sources;

  protected AppConfig(ConfigDef definition, ConfigSources sources) {
    super(definition, sources.resolve(definition), false);
    this.sources = sources;
  }

  /** The layers this configuration was built from, to derive related configurations. */
  public ConfigSources sources() {
    return sources;
  }

  public String bootstrapServers() {
    return getString(BOOTSTRAP_SERVERS);
  }

  public String schemaRegistryUrl() {
    return getString(SCHEMA_REGISTRY_URL);
  }

  public boolean schemaAutoRegister() {
    return getBoolean(SCHEMA_REGISTRY_AUTO_REGISTER);
  }

  public int schemaRegistryTimeoutMs() {
    return getInt(SCHEMA_REGISTRY_TIMEOUT_MS);
  }

  public Path dataDir() {
    return Path.of(getString(DATA_DIR));
  }

  /** The blob store location, with the empty default resolved under the data folder. */
  public String blobStoreUri() {
    String uri = getString(BLOB_STORE_URI);
    return uri.isBlank() ? dataDir().resolve("blobs").toAbsolutePath().toUri().toString() : uri;
  }

  public String topicPrefix() {
    return getString(TOPIC_PREFIX);
  }

  public String platformMode() {
    return getString(PLATFORM_MODE);
  }

  /** Settings under {@code kafka.}, without the prefix, for every Kafka client. */
  public Map<String, Object> kafkaOverrides() {
    return originalsWithPrefix("kafka.");
  }

  /** Every defined key with its effective value, sorted; for {@code --show-config} and tests. */
  public Map<String, Object> effectiveValues() {
    return new TreeMap<>(values());
  }

  /** Validator for strings that must not be blank. */
  public static final class NonBlank implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      if (value == null || value.toString().isBlank()) {
        throw new org.apache.kafka.common.config.ConfigException(name, value, "must not be blank");
      }
    }

    @Override
    public String toString() {
      return "non-blank string";
    }
  }
}
