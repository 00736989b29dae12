package org.mmedpo.ingest.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmedpo.common.blob.LocalBlobStore;
import org.mmedpo.common.config.ConfigSources;
import org.mmedpo.ingest.IngestConfig;
import org.mmedpo.ingest.TestDicom;
import org.mmedpo.ingest.deid.Pseudonymizer;
import org.mmedpo.ingest.dicom.TransferSyntax;

class FolderWatcherTest {

  @TempDir Path dir;

  private Ingestor ingestor(MemorySink sink, Map<String, String> flags) {
    IngestConfig config = new IngestConfig(ConfigSources.ofFlags(flags));
    return new Ingestor(config, new LocalBlobStore(dir.resolve("blobs")),
        new Pseudonymizer("a test secret of enough length".getBytes(StandardCharsets.UTF_8), 30), sink);
  }

  @Test
  void shouldNotReadAFileUntilItStopsChanging() throws Exception {
    Path export = Files.createDirectories(dir.resolve("export"));
    MemorySink sink = new MemorySink();
    Map<String, String> flags = Map.of(IngestConfig.WATCH_SETTLE_MS, "300", IngestConfig.THREADS, "1");
    IngestConfig config = new IngestConfig(ConfigSources.ofFlags(flags));
    FolderWatcher watcher = new FolderWatcher(config, ingestor(sink, flags), export);
    byte[] dicom = TestDicom.image("2.25.5", "2.25.5.1", "ACC5", "Doe^Jane", "1", 8, 8)
        .toPart10(TransferSyntax.EXPLICIT_VR_LE);
    // Half of the file lands first; a reader now would see a truncated file.
    Files.write(export.resolve("image.dcm"), java.util.Arrays.copyOf(dicom, dicom.length / 2));
    Files.writeString(export.resolve("report.txt"), TestDicom.report("2.25.5", "ACC5", "Doe^Jane"));
    Files.writeString(export.resolve("in-flight.dcm.part"), "half");
    watcher.pollOnce(System.currentTimeMillis());
    assertThat(sink.pairs).isEmpty();
    assertThat(sink.deadLetters).isEmpty();
    Thread.sleep(150);
    Files.write(export.resolve("image.dcm"), dicom); // the rest arrives before the file settled
    watcher.pollOnce(System.currentTimeMillis());
    assertThat(sink.pairs).isEmpty();
    Thread.sleep(400);
    watcher.pollOnce(System.currentTimeMillis());
    assertThat(sink.deadLetters).isEmpty();
    assertThat(sink.pairs).hasSize(1);
    assertThat(watcher.summary().filesIn()).isEqualTo(2);
  }

  @Test
  void shouldWaitForAPartnerUntilThePairingTimeout() throws Exception {
    Path export = Files.createDirectories(dir.resolve("export"));
    MemorySink sink = new MemorySink();
    Map<String, String> flags = Map.of(IngestConfig.WATCH_SETTLE_MS, "0",
        IngestConfig.PAIRING_TIMEOUT_MS, "400", IngestConfig.THREADS, "1");
    FolderWatcher watcher = new FolderWatcher(new IngestConfig(ConfigSources.ofFlags(flags)),
        ingestor(sink, flags), export);
    Files.write(export.resolve("a.dcm"), TestDicom.image("2.25.6", "2.25.6.1", "ACC6", "Doe^Jane", "1", 8, 8)
        .toPart10(TransferSyntax.EXPLICIT_VR_LE));
    Files.write(export.resolve("b.dcm"), TestDicom.image("2.25.7", "2.25.7.1", "ACC7", "Doe^Jane", "1", 8, 8)
        .toPart10(TransferSyntax.EXPLICIT_VR_LE));
    watcher.pollOnce(System.currentTimeMillis());
    assertThat(sink.pairs).isEmpty();
    Files.writeString(export.resolve("a.txt"), TestDicom.report("2.25.6", "ACC6", "Doe^Jane"));
    watcher.pollOnce(System.currentTimeMillis());
    assertThat(sink.pairs).hasSize(1);
    assertThat(sink.deadLetters).isEmpty();
    Thread.sleep(450);
    watcher.pollOnce(System.currentTimeMillis());
    assertThat(sink.deadLetters).hasSize(1);
    assertThat(sink.deadLetters.get(0).getReason()).isEqualTo("no report for image");
    assertThat(sink.deadLetters.get(0).getSourceFile()).isEqualTo("b.dcm");
  }

  @Test
  void shouldCommitWhatItPublishedWhenTheFolderGoesQuiet() throws Exception {
    // Regression: events published just before the folder went quiet stayed in an open
    // transaction until the broker's transaction timeout aborted them.
    Path export = Files.createDirectories(dir.resolve("export"));
    MemorySink sink = new MemorySink();
    sink.commitIntervalMs = 200;
    Map<String, String> flags = Map.of(IngestConfig.WATCH_SETTLE_MS, "0", IngestConfig.THREADS, "1");
    FolderWatcher watcher = new FolderWatcher(new IngestConfig(ConfigSources.ofFlags(flags)),
        ingestor(sink, flags), export);
    Files.write(export.resolve("a.dcm"), TestDicom.image("2.25.9", "2.25.9.1", "ACC9", "Doe^Jane", "1", 8, 8)
        .toPart10(TransferSyntax.EXPLICIT_VR_LE));
    Files.writeString(export.resolve("a.txt"), TestDicom.report("2.25.9", "ACC9", "Doe^Jane"));
    sink.lastCommit = System.currentTimeMillis();
    watcher.pollOnce(System.currentTimeMillis());
    assertThat(sink.pairs).hasSize(1);
    assertThat(sink.uncommitted).isEqualTo(1);

    Thread.sleep(250);
    watcher.pollOnce(System.currentTimeMillis()); // nothing new in the folder
    assertThat(sink.uncommitted).isZero();
    assertThat(sink.committed).isEqualTo(1);
  }

  @Test
  void shouldCommitEverythingWhenStopped() throws Exception {
    Path export = Files.createDirectories(dir.resolve("export"));
    MemorySink sink = new MemorySink();
    sink.commitIntervalMs = Long.MAX_VALUE;
    Map<String, String> flags = Map.of(IngestConfig.WATCH_SETTLE_MS, "0", IngestConfig.THREADS, "1",
        IngestConfig.WATCH_POLL_MS, "50");
    FolderWatcher watcher = new FolderWatcher(new IngestConfig(ConfigSources.ofFlags(flags)),
        ingestor(sink, flags), export);
    Files.write(export.resolve("a.dcm"), TestDicom.image("2.25.10", "2.25.10.1", "ACC10", "Doe^Jane", "1", 8, 8)
        .toPart10(TransferSyntax.EXPLICIT_VR_LE));
    Files.writeString(export.resolve("a.txt"), TestDicom.report("2.25.10", "ACC10", "Doe^Jane"));
    java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
    Thread running = new Thread(() -> {
      try {
        watcher.run(stop);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    running.start();
    long deadline = System.currentTimeMillis() + 10_000;
    while (sink.pairs.isEmpty() && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    stop.set(true);
    running.join(10_000);
    assertThat(sink.pairs).hasSize(1);
    assertThat(sink.committed).isEqualTo(1);
    assertThat(sink.uncommitted).isZero();
  }

  @Test
  void shouldPublishPairsWithoutAnyNonAllowListedAttribute() throws Exception {
    Path export = Files.createDirectories(dir.resolve("export"));
    MemorySink sink = new MemorySink();
    Ingestor ingestor = ingestor(sink, Map.of(IngestConfig.THREADS, "1"));
    Files.write(export.resolve("a.dcm"), TestDicom.image("2.25.8", "2.25.8.1", "ACC8", "Zielinski^Ottoline",
        "31415926", 8, 8).toPart10(TransferSyntax.EXPLICIT_VR_LE));
    Files.writeString(export.resolve("a.txt"), TestDicom.report("2.25.8", "ACC8", "Zielinski^Ottoline")
        .replace("The lungs are clear.", "Ottoline Zielinski (31415926): the lungs are clear."));
    IngestSummary summary = ingestor.ingestFolder(export, ProgressListener.NONE);
    assertThat(summary.pairsOut()).isEqualTo(1);
    String event = sink.pairs.get(0).toString();
    assertThat(event).doesNotContain("Zielinski").doesNotContain("Ottoline").doesNotContain("31415926")
        .doesNotContain("ACC8").doesNotContain("2.25.8").doesNotContain("2023-04-05");
    assertThat(sink.pairs.get(0).getFindings()).isEqualTo("[NAME] ([ID]): the lungs are clear.");
    assertThat(sink.pairs.get(0).getModality()).isEqualTo("CR");
    assertThat(sink.pairs.get(0).getBodyPart()).isEqualTo("CHEST");
    assertThat(sink.pairs.get(0).getStudyDate()).isBefore(java.time.LocalDate.of(2023, 4, 5));
  }
}
