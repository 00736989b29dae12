package org.mmedpo.ingest;

import java.nio.file.Path;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.types.Password;
import org.mmedpo.common.config.AppConfig;
import org.mmedpo.common.metrics.ServiceMetrics;
import org.mmedpo.common.config.ConfigSources;

/** Configuration of ingest, the STOW-RS endpoint and the MMedPO import/export. */
public final class IngestConfig extends AppConfig {

  public static final String DEID_SECRET = "ingest.deid.secret";
  public static final String DEID_DATES = "ingest.deid.dates";
  public static final String DEID_SHIFT_MAX_DAYS = "ingest.deid.date.shift.max.days";
  public static final String MAX_FILE_BYTES = "ingest.max.file.bytes";
  public static final String MAX_DIMENSION = "ingest.max.dimension";
  public static final String MAX_PIXELS = "ingest.max.pixels";
  public static final String THREADS = "ingest.threads";
  public static final String COMMIT_INTERVAL_MS = "ingest.commit.interval.ms";
  public static final String TRANSACTIONAL_ID = "ingest.transactional.id";
  public static final String EXPORT_ID = "ingest.export.id";
  public static final String WATCH_POLL_MS = "ingest.watch.poll.ms";
  public static final String WATCH_SETTLE_MS = "ingest.watch.settle.ms";
  public static final String WATCH_MARKER = "ingest.watch.marker";
  public static final String PAIRING_TIMEOUT_MS = "ingest.pairing.timeout.ms";
  public static final String STOW_PORT = "ingest.stow.port";
  public static final String STOW_BIND_HOST = "ingest.stow.bind.host";
  public static final String STOW_MAX_REQUEST_BYTES = "ingest.stow.max.request.bytes";

  public static final ConfigDef DEFINITION =
      ServiceMetrics.define(AppConfig.define(new ConfigDef()), "ingest", 9401)
      .define(DEID_SECRET, Type.PASSWORD, "", Importance.HIGH,
          "Key of the HMAC-SHA256 pseudonyms and date shifts (at least 16 characters). Empty: a "
              + "256-bit key is generated at first run into <data.dir>/ingest/deid.key "
              + "(owner-only) and reused. Pseudonyms are stable only while the secret is.")
      .define(DEID_DATES, Type.STRING, "shift", ConfigDef.ValidString.in("shift", "drop"),
          Importance.MEDIUM, "shift: study dates move back by a keyed per-patient offset; "
              + "drop: events carry no date.")
      .define(DEID_SHIFT_MAX_DAYS, Type.INT, 1095, Range.between(1, 36_500), Importance.LOW,
          "Largest date shift, in days (the shift is 1 to this many days into the past).")
      .define(MAX_FILE_BYTES, Type.LONG, 512L * 1024 * 1024, Range.atLeast(1024), Importance.MEDIUM,
          "Files larger than this many bytes are dead-lettered unread.")
      .define(MAX_DIMENSION, Type.INT, 16_384, Range.between(16, 1 << 16), Importance.MEDIUM,
          "Largest accepted Rows or Columns, in pixels; larger images are dead-lettered.")
      .define(MAX_PIXELS, Type.LONG, 64L * 1024 * 1024, Range.atLeast(256), Importance.MEDIUM,
          "Largest accepted Rows x Columns; larger images are dead-lettered.")
      .define(THREADS, Type.INT, 0, Range.between(0, 256), Importance.LOW,
          "Threads decoding and encoding images; 0 uses one per core.")
      .define(COMMIT_INTERVAL_MS, Type.INT, 1_000, Range.between(10, 600_000), Importance.MEDIUM,
          "How often the transactional producer commits, in milliseconds: events become visible "
              + "to read_committed consumers at each commit.")
      .define(TRANSACTIONAL_ID, Type.STRING, "mmedpo-ingest-1", new NonBlank(), Importance.MEDIUM,
          "Transactional id of the producer; one per concurrently running ingest. A second "
              + "ingest with the same id fences the first.")
      .define(EXPORT_ID, Type.STRING, "", Importance.LOW,
          "Name recorded as provenance exportId; empty uses the export folder's name.")
      .define(WATCH_POLL_MS, Type.INT, 1_000, Range.between(50, 3_600_000), Importance.LOW,
          "With --watch, how often the folder is listed, in milliseconds.")
      .define(WATCH_SETTLE_MS, Type.INT, 2_000, Range.between(0, 3_600_000), Importance.MEDIUM,
          "With --watch, a file is read only after its size and modification time stayed the "
              + "same for this long, in milliseconds.")
      .define(WATCH_MARKER, Type.STRING, "", Importance.LOW,
          "With --watch, when set, a folder's files are read only once a file of this name "
              + "exists in the folder (the exporter writes it last); the marker is not ingested.")
      .define(PAIRING_TIMEOUT_MS, Type.LONG, 600_000L, Range.atLeast(0), Importance.MEDIUM,
          "With --watch, how long an image waits for its report (and a report for its image) "
              + "before it is dead-lettered, in milliseconds.")
      .define(STOW_PORT, Type.INT, 8104, Range.between(0, 65535), Importance.MEDIUM,
          "Port of the DICOMweb STOW-RS endpoint (POST /studies); 0 picks a free one.")
      .define(STOW_BIND_HOST, Type.STRING, "127.0.0.1", new NonBlank(), Importance.MEDIUM,
          "Address the STOW-RS endpoint listens on; loopback by default.")
      .define(STOW_MAX_REQUEST_BYTES, Type.LONG, 1024L * 1024 * 1024, Range.atLeast(1024),
          Importance.LOW, "Largest STOW-RS request body accepted, in bytes.");

  public IngestConfig(ConfigSources sources) {
    super(DEFINITION, sources);
  }

  /** The configured secret, or empty. */
  public String deidSecret() {
    Password password = getPassword(DEID_SECRET);
    return password == null ? "" : password.value();
  }

  /** Where a generated secret is kept. */
  public Path deidKeyFile() {
    return dataDir().resolve("ingest").resolve("deid.key");
  }

  public boolean shiftDates() {
    return getString(DEID_DATES).equals("shift");
  }

  public int shiftMaxDays() {
    return getInt(DEID_SHIFT_MAX_DAYS);
  }

  public long maxFileBytes() {
    return getLong(MAX_FILE_BYTES);
  }

  public int maxDimension() {
    return getInt(MAX_DIMENSION);
  }

  public long maxPixels() {
    return getLong(MAX_PIXELS);
  }

  /** Worker threads, with 0 resolved to the number of cores. */
  public int threads() {
    int t = getInt(THREADS);
    return t == 0 ? Runtime.getRuntime().availableProcessors() : t;
  }

  public int commitIntervalMs() {
    return getInt(COMMIT_INTERVAL_MS);
  }

  public String transactionalId() {
    return getString(TRANSACTIONAL_ID);
  }

  public String exportId() {
    return getString(EXPORT_ID);
  }

  public int watchPollMs() {
    return getInt(WATCH_POLL_MS);
  }

  public int watchSettleMs() {
    return getInt(WATCH_SETTLE_MS);
  }

  public String watchMarker() {
    return getString(WATCH_MARKER);
  }

  public long pairingTimeoutMs() {
    return getLong(PAIRING_TIMEOUT_MS);
  }

  public int stowPort() {
    return getInt(STOW_PORT);
  }

  public String stowBindHost() {
    return getString(STOW_BIND_HOST);
  }

  public long stowMaxRequestBytes() {
    return getLong(STOW_MAX_REQUEST_BYTES);
  }
}
