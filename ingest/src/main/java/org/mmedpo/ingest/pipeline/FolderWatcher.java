package org.mmedpo.ingest.pipeline;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.mmedpo.ingest.IngestConfig;
import org.mmedpo.ingest.source.ExportIndex;
import org.mmedpo.ingest.source.ExportScanner;
import org.mmedpo.ingest.source.InputFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches an export folder and ingests files as they land. A file is read only when it is
 * complete: its size and modification time have not changed for {@code ingest.watch.settle.ms}
 * (polled every {@code ingest.watch.poll.ms}), its name is not a temporary one (hidden, or ending
 * in .part, .tmp, .partial, .filepart, .crdownload), and, when {@code ingest.watch.marker} is set,
 * its folder holds the marker file. Files wait up to {@code ingest.pairing.timeout.ms} for their
 * partner (an image for its report and the other way round) before they are dead-lettered.
 */
public final class FolderWatcher {

  private static final Logger LOG = LoggerFactory.getLogger(FolderWatcher.class);
  private static final List<String> TEMPORARY = List.of(".part", ".tmp", ".partial", ".filepart", ".crdownload");

  private final IngestConfig config;
  private final Ingestor ingestor;
  private final Path root;
  private final String exportId;
  private final Map<String, long[]> observed = new HashMap<>(); // relative -> {size, mtime, stableSince}
  private final Map<String, Long> pendingSince = new HashMap<>();
  private final Set<String> done = new HashSet<>();
  private ExportIndex pending = new ExportIndex();
  private final IngestSummary summary = new IngestSummary();

  public FolderWatcher(IngestConfig config, Ingestor ingestor, Path root) {
    this.config = config;
    this.ingestor = ingestor;
    this.root = root.toAbsolutePath().normalize();
    this.exportId = config.exportId().isBlank() ? this.root.getFileName().toString() : config.exportId();
  }

  public IngestSummary summary() {
    return summary;
  }

  /** Polls until {@code stop} is set. */
  public void run(AtomicBoolean stop) throws IOException, InterruptedException {
    LOG.info("watching {} (settle {} ms, pairing timeout {} ms)", root, config.watchSettleMs(),
        config.pairingTimeoutMs());
    try {
      while (!stop.get()) {
        pollOnce(System.currentTimeMillis());
        Thread.sleep(config.watchPollMs());
      }
    } finally {
      ingestor.commit();
    }
  }

  /**
   * One poll: reads settled new files, ingests what pairs, dead-letters what waited too long, and
   * commits what was published once the commit interval has passed (also when nothing new came,
   * so a quiet folder never leaves events in an open transaction for the broker to abort).
   */
  public void pollOnce(long now) throws IOException {
    try {
      ingestNewFiles(now);
    } finally {
      ingestor.commitIfDue();
    }
  }

  private void ingestNewFiles(long now) throws IOException {
    Base base = new Base(root.toRealPath(), now);
    Files.walkFileTree(base.path, base);
    for (InputFile file : base.ready(now)) {
      pending.add(file, ingestor.maxFileBytes(), ingestor.parser());
      pendingSince.put(file.relative(), now);
    }
    if (pending.size() == 0) {
      return;
    }
    Set<String> finished = ingestor.process(exportId, pending,
        file -> now - pendingSince.getOrDefault(file, now) >= config.pairingTimeoutMs(), summary,
        ProgressListener.NONE, null);
    done.addAll(finished);
    finished.forEach(pendingSince::remove);
    pending = pending.without(finished);
  }

  private final class Base extends SimpleFileVisitor<Path> {
    final Path path;
    final long now;
    final Map<String, InputFile> seenNow = new HashMap<>();

    Base(Path path, long now) {
      this.path = path;
      this.now = now;
    }

    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
      InputFile input = ExportScanner.classify(path, file, attrs);
      String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
      if (done.contains(input.relative()) || pendingSince.containsKey(input.relative())
          || name.startsWith(".") || TEMPORARY.stream().anyMatch(name::endsWith)
          || (!config.watchMarker().isEmpty() && name.equals(config.watchMarker().toLowerCase(Locale.ROOT)))) {
        return FileVisitResult.CONTINUE;
      }
      if (!config.watchMarker().isEmpty() && !Files.exists(file.resolveSibling(config.watchMarker()))) {
        return FileVisitResult.CONTINUE;
      }
      seenNow.put(input.relative(), input);
      long[] before = observed.get(input.relative());
      long size = attrs.size();
      long mtime = attrs.lastModifiedTime().toMillis();
      if (before == null || before[0] != size || before[1] != mtime) {
        observed.put(input.relative(), new long[] {size, mtime, now});
      }
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFileFailed(Path file, IOException e) {
      return FileVisitResult.CONTINUE;
    }

    List<InputFile> ready(long now) {
      observed.keySet().retainAll(seenNow.keySet());
      return seenNow.values().stream()
          .filter(f -> now - observed.get(f.relative())[2] >= config.watchSettleMs())
          .sorted(java.util.Comparator.comparing(InputFile::relative))
          .peek(f -> observed.remove(f.relative()))
          .toList();
    }
  }
}
