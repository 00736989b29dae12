package org.mmedpo.ingest.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.mmedpo.common.blob.BlobStore;
import org.mmedpo.common.blob.Sha256;
import org.mmedpo.common.blob.StoredBlob;
import org.mmedpo.common.image.GrayImage;
import org.mmedpo.common.image.PngCodec;
import org.mmedpo.common.kafka.DeadLetters;
import org.mmedpo.events.DeadLetter;
import org.mmedpo.events.ImageRef;
import org.mmedpo.events.ImageReportPair;
import org.mmedpo.events.IngestProvenance;
import org.mmedpo.events.LesionAnnotation;
import org.mmedpo.ingest.IngestConfig;
import org.mmedpo.ingest.deid.Pseudonymizer;
import org.mmedpo.ingest.dicom.DicomFormatException;
import org.mmedpo.ingest.dicom.DicomParser;
import org.mmedpo.ingest.dicom.PixelLimits;
import org.mmedpo.ingest.pairing.PairSource;
import org.mmedpo.ingest.pairing.Pairing;
import org.mmedpo.ingest.sidecar.GroundTruth;
import org.mmedpo.ingest.source.DicomHeader;
import org.mmedpo.ingest.source.ExportIndex;
import org.mmedpo.ingest.source.ExportScanner;
import org.mmedpo.ingest.source.InputFile;
import org.mmedpo.ingest.source.Rejection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a batch of indexed files into published events. For each paired image: decode the pixels
 * (second read, checked against the first read's SHA-256), store them as 16-bit PNG by SHA-256,
 * store the ground-truth masks, scrub the report, pseudonymize keys, shift dates, and publish an
 * {@link ImageReportPair} keyed by the study pseudonym. Every other file gets a dead letter with
 * its stage and reason. Nothing that leaves here carries an attribute outside the allow-list:
 * modality, body part, view, image geometry, transfer syntax, and pseudonymized keys and dates.
 *
 * <p>Idempotent: an event's de-duplication key is the pair id with the SHA-256 of the image,
 * report and sidecar bytes (a dead letter's: file, content hash and reason); keys already
 * published are skipped, so re-ingesting the same files publishes nothing new, while a corrected
 * report publishes an update.
 */
public final class Ingestor {

  private static final Logger LOG = LoggerFactory.getLogger(Ingestor.class);
  /** Name and version recorded as provenance. */
  public static final String INGESTOR = "mmedpo-ingest/0.1.0";
  /** The de-identification profile recorded as provenance. */
  public static final String PROFILE = "mmedpo-basic-v1";

  private final IngestConfig config;
  private final BlobStore blobs;
  private final Pseudonymizer pseudonymizer;
  private final IngestSink sink;
  private final DicomParser parser;
  private final PixelLimits limits;

  public Ingestor(IngestConfig config, BlobStore blobs, Pseudonymizer pseudonymizer, IngestSink sink) {
    this.config = config;
    this.blobs = blobs;
    this.pseudonymizer = pseudonymizer;
    this.sink = sink;
    this.parser = new DicomParser(config.maxFileBytes() * 4);
    this.limits = new PixelLimits(config.maxDimension(), config.maxPixels());
  }

  /** Commits what was published when the commit interval has passed. */
  public void commitIfDue() {
    sink.maybeCommit();
  }

  /** Commits what was published. */
  public void commit() {
    sink.commit();
  }

  public DicomParser parser() {
    return parser;
  }

  public long maxFileBytes() {
    return config.maxFileBytes();
  }

  /** Ingests every file under {@code root} once, and commits. */
  public IngestSummary ingestFolder(Path root, ProgressListener progress) throws IOException {
    if (!Files.isDirectory(root)) {
      throw new IOException("not a folder: " + root);
    }
    long started = System.nanoTime();
    List<InputFile> files = ExportScanner.scan(root);
    ExportIndex index = ExportIndex.build(files, config.maxFileBytes(), parser, config.threads(),
        done -> progress.progress("reading", done, files.size()));
    LOG.info("read {} files in {} ms", files.size(), (System.nanoTime() - started) / 1_000_000);
    String exportId = config.exportId().isBlank() ? root.toAbsolutePath().normalize().getFileName().toString()
        : config.exportId();
    IngestSummary summary = new IngestSummary();
    process(exportId, index, file -> true, summary, progress, null);
    sink.commit();
    LOG.info("ingest of {}: {}", exportId, summary);
    return summary;
  }

  /**
   * Processes an indexed batch. Files that could still pair later stay unfinished unless
   * {@code giveUp} says they have waited enough; they are then dead-lettered.
   *
   * @param outcomes when not null, receives each finished file's outcome
   * @return the files that finished (published, already published or dead-lettered)
   */
  public Set<String> process(String exportId, ExportIndex index, Predicate<String> giveUp,
      IngestSummary summary, ProgressListener progress, Map<String, FileOutcome> outcomes) {
    Map<String, FileOutcome> finished = new LinkedHashMap<>();
    for (Rejection r : index.rejections()) {
      dead(finished, r.file(), r.stage(), r.reason(), r.detail(), r.error(), r.file() + "|" + r.reason());
    }
    PairSource source = PairSource.of(index);
    Pairing.Result pairing = source.pairing();

    // Paired images, decoded in parallel and published in file order.
    List<ExportIndex.ImageEntry> paired = new ArrayList<>();
    for (ExportIndex.ImageEntry image : index.images()) {
      Pairing.Outcome o = pairing.images().get(image.file().relative());
      if (o.status() == Pairing.Status.PAIRED) {
        paired.add(image);
      } else if (o.status() == Pairing.Status.FAILED || giveUp.test(image.file().relative())) {
        dead(finished, image.file().relative(), "ingest.pairing", o.reason(), "", null,
            image.file().relative() + "|" + image.sha256() + "|" + o.reason());
      }
    }
    Map<String, ExportIndex.ReportEntry> reports = new HashMap<>();
    index.reports().forEach(r -> reports.put(r.file().relative(), r));
    Map<String, ExportIndex.SidecarEntry> sidecars = new HashMap<>();
    index.sidecars().forEach(s -> sidecars.put(s.file().relative(), s));
    Map<String, InputFile> masks = new HashMap<>();
    index.masks().forEach(m -> masks.put(m.relative(), m));
    Set<String> usedMasks = new HashSet<>();
    Map<String, Boolean> reportDelivered = new HashMap<>();

    ExecutorService pool = Executors.newFixedThreadPool(config.threads(), r -> {
      Thread t = new Thread(r, "mmedpo-ingest");
      t.setDaemon(true);
      return t;
    });
    try {
      Deque<Future<Prepared>> window = new ArrayDeque<>();
      int next = 0;
      long done = 0;
      while (next < paired.size() || !window.isEmpty()) {
        while (next < paired.size() && window.size() < 2 * config.threads() + 2) {
          ExportIndex.ImageEntry image = paired.get(next++);
          window.add(pool.submit(() -> prepare(exportId, image, source, sidecars, masks)));
        }
        Prepared p = window.removeFirst().get();
        String file = p.image.file().relative();
        Pairing.Outcome o = pairing.images().get(file);
        if (p.failure != null) {
          dead(finished, file, p.failureStage, p.failure.reason(), p.failure.getMessage(), p.failure,
              file + "|" + p.image.sha256() + "|" + p.failure.reason());
          reportDelivered.putIfAbsent(o.partner(), false);
        } else {
          if (sink.seen(p.dedupeKey)) {
            finished.put(file, FileOutcome.already());
            summary.pairAlready();
          } else {
            sink.publishPair(p.pair.getStudyPseudonym(), p.pair, p.dedupeKey);
            finished.put(file, FileOutcome.ingested());
            summary.pairOut();
          }
          reportDelivered.put(o.partner(), true);
          usedMasks.addAll(p.maskFiles);
          sink.maybeCommit();
        }
        progress.progress("ingesting", ++done, paired.size());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while ingesting", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("ingest worker failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }

    // Reports and sidecars follow their images; unpaired ones are dead-lettered when final.
    for (ExportIndex.ReportEntry r : index.reports()) {
      String file = r.file().relative();
      Pairing.Outcome o = pairing.reports().get(file);
      if (o.status() == Pairing.Status.PAIRED) {
        Boolean delivered = reportDelivered.get(file);
        if (delivered == null) {
          continue; // its images were not processed in this batch
        }
        if (delivered) {
          finished.put(file, stateOfPartnerImages(finished, pairing, file));
        } else {
          dead(finished, file, "ingest.pairing", "paired image could not be ingested", "", null,
              file + "|" + r.sha256() + "|image failed");
        }
      } else if (o.status() == Pairing.Status.FAILED || giveUp.test(file)) {
        dead(finished, file, "ingest.pairing", o.reason(), "", null, file + "|" + r.sha256() + "|" + o.reason());
      }
    }
    for (ExportIndex.SidecarEntry s : index.sidecars()) {
      String file = s.file().relative();
      Pairing.Outcome o = pairing.sidecars().get(file);
      String studyUid = s.truth().studyInstanceUid();
      boolean imageFinished = index.images().stream().anyMatch(i -> i.header().studyUid().equals(studyUid)
          && finished.containsKey(i.file().relative()));
      boolean imageOk = index.images().stream().anyMatch(i -> i.header().studyUid().equals(studyUid)
          && finished.containsKey(i.file().relative())
          && finished.get(i.file().relative()).state() != FileOutcome.State.DEAD_LETTERED);
      if (o.status() == Pairing.Status.PAIRED && imageFinished) {
        if (imageOk) {
          finished.put(file, anyIngested(finished, index, studyUid) ? FileOutcome.ingested() : FileOutcome.already());
        } else {
          dead(finished, file, "ingest.pairing", "paired image could not be ingested", "", null,
              file + "|" + s.sha256() + "|image failed");
        }
      } else if (o.status() == Pairing.Status.FAILED
          || (o.status() != Pairing.Status.PAIRED && giveUp.test(file))) {
        dead(finished, file, "ingest.groundtruth", o.reason(), "", null, file + "|" + s.sha256() + "|" + o.reason());
      }
    }
    Set<String> finishedSidecarFolders = new HashSet<>();
    for (ExportIndex.SidecarEntry s : index.sidecars()) {
      FileOutcome so = finished.get(s.file().relative());
      if (so != null && so.state() != FileOutcome.State.DEAD_LETTERED) {
        finishedSidecarFolders.add(s.file().relative());
      }
    }
    for (InputFile mask : index.masks()) {
      String file = mask.relative();
      if (usedMasks.contains(file)) {
        FileOutcome owner = ownerOutcome(finished, index, file);
        finished.put(file, owner == null ? FileOutcome.ingested() : owner);
      } else if (giveUp.test(file)) {
        dead(finished, file, "ingest.groundtruth", "mask not referenced by a paired ground truth", "",
            null, file + "|mask");
      }
    }
    sink.maybeCommit();
    finished.values().forEach(summary::add);
    if (outcomes != null) {
      outcomes.putAll(finished);
    }
    return finished.keySet();
  }

  private static FileOutcome ownerOutcome(Map<String, FileOutcome> finished, ExportIndex index, String mask) {
    String folder = mask.contains("/") ? mask.substring(0, mask.lastIndexOf('/') + 1) : "";
    for (ExportIndex.SidecarEntry s : index.sidecars()) {
      if (s.file().relative().startsWith(folder) && finished.containsKey(s.file().relative())) {
        return finished.get(s.file().relative());
      }
    }
    return null;
  }

  private static boolean anyIngested(Map<String, FileOutcome> finished, ExportIndex index, String studyUid) {
    return index.images().stream().anyMatch(i -> i.header().studyUid().equals(studyUid)
        && finished.get(i.file().relative()) != null
        && finished.get(i.file().relative()).state() == FileOutcome.State.INGESTED);
  }

  private static FileOutcome stateOfPartnerImages(Map<String, FileOutcome> finished,
      Pairing.Result pairing, String report) {
    boolean any = false;
    for (Map.Entry<String, Pairing.Outcome> e : pairing.images().entrySet()) {
      if (report.equals(e.getValue().partner()) && finished.get(e.getKey()) != null
          && finished.get(e.getKey()).state() == FileOutcome.State.INGESTED) {
        any = true;
      }
    }
    return any ? FileOutcome.ingested() : FileOutcome.already();
  }

  private void dead(Map<String, FileOutcome> finished, String file, String stage, String reason,
      String detail, Throwable error, String dedupe) {
    finished.put(file, FileOutcome.dead(stage, reason));
    String key = "dlq|" + dedupe;
    if (sink.seen(key)) {
      return;
    }
    DeadLetter letter = DeadLetters.forFile(stage, reason, detail, error, file);
    sink.publishDeadLetter(file, letter, key);
    LOG.warn("dead-lettered {} at {}: {}", file, stage, reason);
  }

  /** The work of one image, done on a worker thread. */
  private static final class Prepared {
    ExportIndex.ImageEntry image;
    ImageReportPair pair;
    String dedupeKey;
    List<String> maskFiles = List.of();
    DicomFormatException failure;
    String failureStage;
  }

  private Prepared prepare(String exportId, ExportIndex.ImageEntry image, PairSource source,
      Map<String, ExportIndex.SidecarEntry> sidecars, Map<String, InputFile> masks) {
    Prepared p = new Prepared();
    p.image = image;
    DicomHeader h = image.header();
    String pairId = pseudonymizer.instance(h.sopUid());
    Pairing.Outcome o = source.pairing().images().get(image.file().relative());
    String sidecarFile = source.pairing().sidecarOfStudy().get(h.studyUid());
    String reportSha = source.pairing().reports().containsKey(o.partner()) ? reportSha(source, o.partner()) : "";
    String sidecarSha = sidecarFile == null ? "" : sidecars.get(sidecarFile).sha256();
    p.dedupeKey = "pair|" + pairId + "|" + Sha256.hex((image.sha256() + "|" + reportSha + "|" + sidecarSha)
        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    if (sink.seen(p.dedupeKey)) {
      p.pair = ImageReportPair.newBuilder().setPairId(pairId).setStudyPseudonym(pseudonymizer.study(h.studyUid()))
          .setModality("").setImage(emptyRef()).setFindings("").setImpression("")
          .setProvenance(provenance(exportId, image, null, o.rule()))
          .setIngestedAt(Instant.now()).build();
      p.maskFiles = sidecarFile == null ? List.of() : maskFiles(sidecars.get(sidecarFile));
      return p;
    }
    try {
      byte[] bytes = image.file().path() == null ? image.file().content() : Files.readAllBytes(image.file().path());
      PairSource.Assembled a = source.assemble(image, bytes, parser, limits);
      GrayImage pixels = a.image().image();
      StoredBlob blob = blobs.put(PngCodec.encode(pixels), "image/png");
      ImageRef ref = ImageRef.newBuilder().setUri(blob.uri()).setSha256(blob.sha256())
          .setMediaType("image/png").setWidth(pixels.width()).setHeight(pixels.height())
          .setBitsStored(16).setPhotometricInterpretation("MONOCHROME2").setModality(h.modality())
          .setWindowCenter(null).setWindowWidth(null).build();
      List<LesionAnnotation> annotations = new ArrayList<>();
      List<String> used = new ArrayList<>();
      if (a.truth() != null) {
        String folder = folderOf(a.sidecar().file().relative());
        for (GroundTruth.Finding f : a.truth().findings()) {
          ImageRef mask = null;
          if (f.maskFile() != null) {
            String maskPath = folder + f.maskFile();
            InputFile maskFile = masks.get(maskPath);
            if (maskFile != null) {
              mask = storeMask(maskFile);
              if (mask != null) {
                used.add(maskPath);
              }
            }
          }
          annotations.add(PairSource.annotation(f, mask));
        }
      }
      String patientKey = h.patientId() != null ? h.patientId() : h.studyUid();
      LocalDate date = h.studyDate() == null || !config.shiftDates() ? null
          : pseudonymizer.shift(h.studyDate(), patientKey);
      p.pair = ImageReportPair.newBuilder()
          .setPairId(pairId)
          .setStudyPseudonym(pseudonymizer.study(h.studyUid()))
          .setPatientPseudonym(h.patientId() == null ? null : pseudonymizer.patient(h.patientId(), h.issuer()))
          .setModality(h.modality())
          .setBodyPart(h.bodyPart())
          .setView(h.view())
          .setImage(ref)
          .setFindings(a.findings())
          .setImpression(a.impression())
          .setVqa(a.truth() == null ? List.of() : a.truth().vqa())
          .setAnnotations(annotations)
          .setProvenance(provenance(exportId, image, a.report().file().relative(), a.rule()))
          .setStudyDate(date)
          .setIngestedAt(Instant.now())
          .build();
      p.maskFiles = used;
    } catch (DicomFormatException e) {
      p.failure = e;
      p.failureStage = "ingest.pixels";
    } catch (IOException e) {
      p.failure = new DicomFormatException("unreadable file", e.getClass().getSimpleName(), e);
      p.failureStage = "ingest.pixels";
    } catch (RuntimeException e) {
      p.failure = new DicomFormatException("image could not be decoded", e.getClass().getSimpleName(), e);
      p.failureStage = "ingest.pixels";
    }
    return p;
  }

  private static String reportSha(PairSource source, String reportFile) {
    return source.reportSha(reportFile);
  }

  private static List<String> maskFiles(ExportIndex.SidecarEntry sidecar) {
    String folder = folderOf(sidecar.file().relative());
    List<String> out = new ArrayList<>();
    for (GroundTruth.Finding f : sidecar.truth().findings()) {
      if (f.maskFile() != null) {
        out.add(folder + f.maskFile());
      }
    }
    return out;
  }

  private ImageRef storeMask(InputFile file) {
    try {
      byte[] bytes = file.path() == null ? file.content() : Files.readAllBytes(file.path());
      GrayImage mask = PngCodec.decode(bytes);
      StoredBlob blob = blobs.put(PngCodec.encode(mask), "image/png");
      return ImageRef.newBuilder().setUri(blob.uri()).setSha256(blob.sha256()).setMediaType("image/png")
          .setWidth(mask.width()).setHeight(mask.height()).setBitsStored(mask.bits())
          .setPhotometricInterpretation("MONOCHROME2").setModality(null).build();
    } catch (IOException | IllegalArgumentException e) {
      LOG.warn("mask {} is not a readable grey PNG; its annotation keeps the box only", file.relative());
      return null;
    }
  }

  private IngestProvenance provenance(String exportId, ExportIndex.ImageEntry image, String report, String rule) {
    return IngestProvenance.newBuilder()
        .setExportId(exportId)
        .setSourceName(image.file().relative())
        .setSourceSha256(image.sha256())
        .setReportSource(report)
        .setPairingRule(rule == null ? Pairing.BY_STUDY_UID : rule)
        .setTransferSyntaxUid(image.header().transferSyntaxUid())
        .setIngestor(INGESTOR)
        .setDeidentification(PROFILE)
        .build();
  }

  private static ImageRef emptyRef() {
    return ImageRef.newBuilder().setUri("").setSha256("").setWidth(0).setHeight(0).setBitsStored(0).build();
  }

  static String folderOf(String relative) {
    int slash = relative.lastIndexOf('/');
    return slash < 0 ? "" : relative.substring(0, slash + 1);
  }
}
