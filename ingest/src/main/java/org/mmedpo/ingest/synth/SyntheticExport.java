package org.mmedpo.ingest.synth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.mmedpo.common.image.GrayImage;
import org.mmedpo.common.image.PngCodec;
import org.mmedpo.events.VqaItem;
import org.mmedpo.ingest.dicom.DicomWriter;
import org.mmedpo.ingest.dicom.Tags;
import org.mmedpo.ingest.dicom.TransferSyntax;
import org.mmedpo.ingest.lexicon.FindingLexicon;
import org.mmedpo.ingest.sidecar.GroundTruth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a synthetic PACS export: one folder per study ({@code study-00001}, ...) holding
 * {@code image-1.dcm} (DICOM Part 10, explicit VR little endian, CR or DX, 16 bits allocated, 12
 * stored, MONOCHROME2), the report ({@code report.txt}, or {@code report.fhir.json} for about a
 * quarter of studies), {@value GroundTruth#FILE_NAME} and one {@code mask-K.png} per finding.
 * File and folder names never carry patient data; the files do, on purpose.
 *
 * <p>Deterministic for a seed: study {@code i} draws from its own stream, seeded in sequence from
 * the export seed, so the output does not depend on the number of threads.
 */
public final class SyntheticExport {

  private static final Logger LOG = LoggerFactory.getLogger(SyntheticExport.class);
  private static final DateTimeFormatter DA = DateTimeFormatter.ofPattern("yyyyMMdd");
  private static final DateTimeFormatter TM = DateTimeFormatter.ofPattern("HHmmss");

  /** SOP classes: Computed Radiography and Digital X-Ray for presentation. */
  static final String CR_SOP_CLASS = "1.2.840.10008.5.1.4.1.1.1";
  static final String DX_SOP_CLASS = "1.2.840.10008.5.1.4.1.1.1.1";

  /**
   * What was written.
   *
   * @param root the export folder
   * @param plans the studies, in order
   * @param planted every planted patient value, in every form written
   * @param seconds wall time of the write
   */
  public record Result(Path root, List<StudyPlan> plans, Set<String> planted, double seconds) {}

  private final FindingLexicon lexicon;
  private final ReportWriter reports;
  private final VqaWriter vqa;

  public SyntheticExport() {
    this(FindingLexicon.standard());
  }

  public SyntheticExport(FindingLexicon lexicon) {
    this.lexicon = lexicon;
    this.reports = new ReportWriter(lexicon);
    this.vqa = new VqaWriter(lexicon);
  }

  /**
   * Writes {@code studies} studies of {@code size} x {@code size} pixels into {@code out}, which
   * must not exist or be empty.
   *
   * @param threads worker threads (the output is the same for any number)
   */
  public Result write(Path out, int studies, long seed, int size, int threads) throws IOException {
    if (studies < 1) {
      throw new IllegalArgumentException("studies must be at least 1, not " + studies);
    }
    if (size < 64 || size > 4096) {
      throw new IllegalArgumentException("size must be between 64 and 4096 pixels, not " + size);
    }
    if (Files.exists(out)) {
      try (var entries = Files.list(out)) {
        if (entries.findAny().isPresent()) {
          throw new IllegalArgumentException("output folder " + out + " is not empty");
        }
      }
    }
    Files.createDirectories(out);
    long started = System.nanoTime();
    SplittableRandom master = new SplittableRandom(seed);
    long[] seeds = new long[studies];
    for (int i = 0; i < studies; i++) {
      seeds[i] = master.nextLong();
    }
    List<StudyPlan> plans = new ArrayList<>(Collections.nCopies(studies, null));
    Set<String> planted = Collections.synchronizedSet(new LinkedHashSet<>());
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
      Thread t = new Thread(r, "mmedpo-synth");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<StudyPlan>> futures = new ArrayList<>();
      for (int i = 0; i < studies; i++) {
        int index = i + 1;
        long studySeed = seeds[i];
        futures.add(pool.submit(() -> writeStudy(out, index, studySeed, size)));
      }
      for (int i = 0; i < studies; i++) {
        StudyPlan plan = futures.get(i).get();
        plans.set(i, plan);
        planted.addAll(plan.patient().plantedValues());
      }
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new IllegalStateException("synthetic study failed: " + cause.getMessage(), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } finally {
      pool.shutdownNow();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    LOG.info("wrote {} synthetic studies of {}x{} to {} in {} s", studies, size, size, out,
        String.format("%.1f", seconds));
    return new Result(out, List.copyOf(plans), Set.copyOf(planted), seconds);
  }

  private StudyPlan writeStudy(Path root, int index, long seed, int size) throws IOException {
    SplittableRandom rng = new SplittableRandom(seed);
    StudyPlan plan = StudyPlan.draw(index, rng, lexicon);
    ChestRadiograph.Image image = ChestRadiograph.draw(plan, size, new SplittableRandom(plan.seed()));
    Path folder = root.resolve(plan.folder());
    Files.createDirectories(folder);
    Files.write(folder.resolve("image-1.dcm"), dicom(plan, image));
    ReportWriter.Written report = reports.write(plan, rng);
    if (plan.fhirReport()) {
      Files.writeString(folder.resolve("report.fhir.json"), reports.fhir(plan, report), StandardCharsets.UTF_8);
    } else {
      Files.writeString(folder.resolve("report.txt"), report.text(), StandardCharsets.UTF_8);
    }
    List<GroundTruth.Finding> findings = new ArrayList<>();
    for (int k = 0; k < image.masks().size(); k++) {
      ChestRadiograph.Mask mask = image.masks().get(k);
      String maskFile = "mask-" + k + ".png";
      Files.write(folder.resolve(maskFile), PngCodec.encode(maskImage(mask, size)));
      PlannedFinding f = mask.finding();
      findings.add(new GroundTruth.Finding(f.label(), f.side(), f.location(), f.severity(),
          mask.x(), mask.y(), mask.width(), mask.height(), maskFile));
    }
    List<VqaItem> items = vqa.write(plan, rng);
    Files.write(folder.resolve(GroundTruth.FILE_NAME),
        new GroundTruth(plan.studyUid(), findings, items).toJson());
    return plan;
  }

  private static GrayImage maskImage(ChestRadiograph.Mask mask, int size) {
    int[] pixels = new int[size * size];
    boolean[] inside = mask.inside();
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = inside[i] ? 255 : 0;
    }
    return new GrayImage(size, size, 8, pixels);
  }

  /** The DICOM file of the study, with the planted identity in patient, study and free-text tags. */
  static byte[] dicom(StudyPlan plan, ChestRadiograph.Image image) {
    FakePatient p = plan.patient();
    boolean cr = plan.modality().equals("CR");
    int age = p.studyDate().getYear() - p.birthDate().getYear();
    String date = p.studyDate().format(DA);
    double spacing = 0.143 * 2048.0 / image.size();
    DicomWriter w = new DicomWriter()
        .text(Tags.SPECIFIC_CHARACTER_SET, "CS", "ISO_IR 192")
        .textCharset(StandardCharsets.UTF_8)
        .text(Tags.IMAGE_TYPE, "CS", "ORIGINAL\\PRIMARY")
        .text(Tags.SOP_CLASS_UID, "UI", cr ? CR_SOP_CLASS : DX_SOP_CLASS)
        .text(Tags.SOP_INSTANCE_UID, "UI", plan.sopUid())
        .text(Tags.STUDY_DATE, "DA", date)
        .text(Tags.SERIES_DATE, "DA", date)
        .text(Tags.CONTENT_DATE, "DA", date)
        .text(Tags.STUDY_TIME, "TM", p.studyTime().format(TM))
        .text(Tags.ACCESSION_NUMBER, "SH", p.accession())
        .text(Tags.MODALITY, "CS", plan.modality())
        .text(Tags.MANUFACTURER, "LO", "SynthRay Imaging")
        .text(Tags.INSTITUTION_NAME, "LO", p.institution())
        .text(Tags.INSTITUTION_ADDRESS, "ST", p.institutionAddress())
        .text(Tags.REFERRING_PHYSICIAN_NAME, "PN", p.referringFamily() + "^" + p.referringGiven() + "^^Dr.")
        .text(Tags.STATION_NAME, "SH", "XR-ROOM-" + (1 + plan.index() % 4))
        .text(Tags.STUDY_DESCRIPTION, "LO", "XR CHEST " + plan.view())
        .text(Tags.SERIES_DESCRIPTION, "LO", "CHEST " + plan.view())
        .text(Tags.PERFORMING_PHYSICIAN_NAME, "PN", p.radiologistFamily() + "^" + p.radiologistGiven())
        .text(Tags.OPERATORS_NAME, "PN", p.operatorFamily())
        .text(Tags.PATIENT_NAME, "PN", p.dicomName())
        .text(Tags.PATIENT_ID, "LO", p.patientId())
        .text(Tags.PATIENT_BIRTH_DATE, "DA", p.birthDate().format(DA))
        .text(Tags.PATIENT_SEX, "CS", p.sex())
        .text(Tags.OTHER_PATIENT_IDS, "LO", p.otherPatientId())
        .text(Tags.PATIENT_AGE, "AS", String.format("%03dY", Math.max(0, age)))
        .text(Tags.PATIENT_ADDRESS, "LO", p.address())
        .text(Tags.PATIENT_TELEPHONE_NUMBERS, "SH", p.phone())
        .text(Tags.ADDITIONAL_PATIENT_HISTORY, "LT", "Seen by Dr. " + p.referringFamily()
            + "; contact " + p.phone())
        .text(Tags.PATIENT_COMMENTS, "LT", "Patient " + p.given() + " " + p.family() + " prefers morning appointments")
        .text(Tags.BODY_PART_EXAMINED, "CS", "CHEST")
        .text(Tags.DEVICE_SERIAL_NUMBER, "LO", "SR-" + (4000 + plan.index() % 97))
        .text(Tags.VIEW_POSITION, "CS", plan.view())
        .text(Tags.STUDY_INSTANCE_UID, "UI", plan.studyUid())
        .text(Tags.SERIES_INSTANCE_UID, "UI", plan.seriesUid())
        .text(Tags.STUDY_ID, "SH", p.accession().substring(2, 8))
        .text(Tags.SERIES_NUMBER, "IS", "1")
        .text(Tags.INSTANCE_NUMBER, "IS", "1")
        .text(Tags.PATIENT_ORIENTATION, "CS", "L\\F")
        .text(Tags.IMAGE_COMMENTS, "LT", "Portable check for " + p.family() + ", DOB "
            + p.birthDate().format(DA))
        .us(Tags.SAMPLES_PER_PIXEL, 1)
        .text(Tags.PHOTOMETRIC_INTERPRETATION, "CS", "MONOCHROME2")
        .us(Tags.ROWS, image.size())
        .us(Tags.COLUMNS, image.size())
        .text(Tags.PIXEL_SPACING, "DS", String.format("%.4f\\%.4f", spacing, spacing))
        .us(Tags.BITS_ALLOCATED, 16)
        .us(Tags.BITS_STORED, 12)
        .us(Tags.HIGH_BIT, 11)
        .us(Tags.PIXEL_REPRESENTATION, 0)
        .text(Tags.WINDOW_CENTER, "DS", String.valueOf((long) image.windowCenter()))
        .text(Tags.WINDOW_WIDTH, "DS", String.valueOf((long) image.windowWidth()))
        .text(Tags.RESCALE_INTERCEPT, "DS", "0")
        .text(Tags.RESCALE_SLOPE, "DS", "1")
        // A private block that carries the patient name, as some modalities' private tags do.
        .text(0x00290010, "LO", "SYNTHRAY 1.0")
        .text(0x00291010, "LO", p.dicomName())
        .pixels(image.stored(), 16, image.size());
    return w.toPart10(TransferSyntax.EXPLICIT_VR_LE);
  }
}
