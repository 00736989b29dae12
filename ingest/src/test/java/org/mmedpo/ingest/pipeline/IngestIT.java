package org.mmedpo.ingest.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.mmedpo.common.config.ConfigSources;
import org.mmedpo.common.kafka.DeadLetters;
import org.mmedpo.ingest.IngestConfig;
import org.mmedpo.ingest.LogCapture;
import org.mmedpo.ingest.TestDicom;
import org.mmedpo.ingest.TestPlatform;
import org.mmedpo.ingest.dicom.DicomWriter;
import org.mmedpo.ingest.dicom.Tags;
import org.mmedpo.ingest.dicom.TransferSyntax;
import org.mmedpo.ingest.stow.StowServer;
import org.mmedpo.ingest.synth.StudyPlan;
import org.mmedpo.ingest.synth.SyntheticExport;
import org.mmedpo.schemas.EventContract;

/**
 * Ingest end to end on the embedded platform: a synthetic export with planted patient data and
 * broken files mixed in; then every byte ingest produced is scanned for the planted data.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IngestIT {

  @TempDir static Path temp;
  static TestPlatform platform;
  static SyntheticExport.Result export;
  static Map<String, String> expectedDead = new LinkedHashMap<>();
  static List<String> plantedExtra = new ArrayList<>();
  static LogCapture logs;
  static IngestSummary first;

  @BeforeAll
  static void start() throws Exception {
    logs = new LogCapture();
    platform = TestPlatform.start(temp.resolve("data"));
    export = new SyntheticExport().write(temp.resolve("export"), 30, 77, 128, 2);
    addBrokenFiles(temp.resolve("export"));
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
    if (logs != null) {
      logs.close();
    }
  }

  static IngestConfig config() {
    Map<String, String> flags = platform.flags();
    flags.put(IngestConfig.COMMIT_INTERVAL_MS, "200");
    flags.put(IngestConfig.MAX_DIMENSION, "8192");
    flags.put(IngestConfig.STOW_PORT, "0");
    return new IngestConfig(ConfigSources.ofFlags(flags));
  }

  /** Broken files, each carrying planted patient data, and the reason each must be dead-lettered for. */
  static void addBrokenFiles(Path root) throws Exception {
    Path broken = Files.createDirectories(root.resolve("broken"));
    StudyPlan plan = export.plans().get(0);
    byte[] valid = Files.readAllBytes(root.resolve(plan.folder()).resolve("image-1.dcm"));
    String name = "Kettleborough^Wilhelmina";
    plantedExtra.addAll(List.of("Kettleborough", "Wilhelmina", "55512345", "ACC99887766", "77001122"));
    Files.write(broken.resolve("truncated.dcm"), java.util.Arrays.copyOf(valid, valid.length * 2 / 3));
    expectedDead.put("broken/truncated.dcm", "truncated pixel data");
    Files.write(broken.resolve("empty.dcm"), new byte[0]);
    expectedDead.put("broken/empty.dcm", "empty file");
    Files.writeString(broken.resolve("readme.dcm"), "Call Wilhelmina Kettleborough at 555-123-4567");
    expectedDead.put("broken/readme.dcm", "not a DICOM file");
    Files.writeString(broken.resolve("notes.txt"), "Wilhelmina Kettleborough phoned, MRN 55512345.");
    expectedDead.put("broken/notes.txt", "report has no FINDINGS or IMPRESSION section");

    DicomWriter charset = TestDicom.image("2.25.9001", "2.25.9001.1", "ACC99887766", name, "55512345", 8, 8)
        .text(Tags.SPECIFIC_CHARACTER_SET, "CS", "ISO_IR 999");
    Files.write(broken.resolve("charset.dcm"), charset.toPart10(TransferSyntax.EXPLICIT_VR_LE));
    expectedDead.put("broken/charset.dcm", "unsupported character set");
    DicomWriter badUtf8 = TestDicom.image("2.25.9002", "2.25.9002.1", "ACC99887766", name, "55512345", 8, 8)
        .text(Tags.SPECIFIC_CHARACTER_SET, "CS", "ISO_IR 192")
        .raw(Tags.PATIENT_NAME, "PN", new byte[] {'K', 'e', (byte) 0xC3, (byte) 0x28, 'l'});
    Files.write(broken.resolve("bad-utf8.dcm"), badUtf8.toPart10(TransferSyntax.EXPLICIT_VR_LE));
    expectedDead.put("broken/bad-utf8.dcm", "invalid characters for the character set");

    studyWithReport(broken.resolve("huge"), TestDicom.image("2.25.9003", "2.25.9003.1", "ACC90000003", name,
        "55512345", 60000, 60000).pixels(new int[16], 16, 4), TransferSyntax.EXPLICIT_VR_LE, "image too large");
    studyWithReport(broken.resolve("nopixels"), TestDicom.image("2.25.9004", "2.25.9004.1", "ACC90000004", name,
        "55512345", 0, 0).us(Tags.ROWS, 64).us(Tags.COLUMNS, 64), TransferSyntax.EXPLICIT_VR_LE, "missing pixel data");
    studyWithReport(broken.resolve("jp2k"), TestDicom.image("2.25.9005", "2.25.9005.1", "ACC90000005", name,
        "55512345", 8, 8), TransferSyntax.of("1.2.840.10008.1.2.4.90"),
        "unsupported transfer syntax 1.2.840.10008.1.2.4.90");

    Path orphanImage = Files.createDirectories(broken.resolve("orphan-image"));
    Files.write(orphanImage.resolve("image.dcm"), TestDicom.image("2.25.9006", "2.25.9006.1", "ACC90000006",
        name, "55512345", 8, 8).toPart10(TransferSyntax.EXPLICIT_VR_LE));
    expectedDead.put("broken/orphan-image/image.dcm", "no report for image");
    Files.writeString(broken.resolve("orphan-report.txt"), TestDicom.report("2.25.9007", "ACC90000007", name));
    expectedDead.put("broken/orphan-report.txt", "no image for report");

    Path outside = Files.writeString(temp.resolve("outside.dcm"), "secret");
    Files.createSymbolicLink(broken.resolve("escape.dcm"), outside);
    expectedDead.put("broken/escape.dcm", "path leaves the export folder");
    Files.createSymbolicLink(broken.resolve("inner-link.dcm"), root.resolve(plan.folder()).resolve("image-1.dcm"));
    expectedDead.put("broken/inner-link.dcm", "symbolic link not followed");
  }

  static void studyWithReport(Path folder, DicomWriter image, TransferSyntax syntax, String reason) throws Exception {
    Files.createDirectories(folder);
    Files.write(folder.resolve("image.dcm"), image.toPart10(syntax));
    String uid = folder.getFileName().toString().equals("huge") ? "2.25.9003"
        : folder.getFileName().toString().equals("nopixels") ? "2.25.9004" : "2.25.9005";
    Files.writeString(folder.resolve("report.txt"), TestDicom.report(uid, "ACC9", "Kettleborough^Wilhelmina"));
    String rel = "broken/" + folder.getFileName();
    expectedDead.put(rel + "/image.dcm", reason);
    expectedDead.put(rel + "/report.txt", "paired image could not be ingested");
  }

  static long filesOnDisk(Path root) throws Exception {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)
          || Files.isSymbolicLink(p)).count();
    }
  }

  @Test
  @Order(1)
  void shouldAccountForEveryFileAsIngestedOrDeadLettered() throws Exception {
    try (IngestRuntime runtime = IngestRuntime.open(config())) {
      first = runtime.ingestor().ingestFolder(temp.resolve("export"), ProgressListener.NONE);
    }
    assertThat(first.filesIn()).isEqualTo(filesOnDisk(temp.resolve("export")));
    assertThat(first.filesIn()).isEqualTo(first.filesIngested() + first.filesDeadLettered());
    assertThat(first.pairsOut()).isEqualTo(export.plans().size());
    assertThat(first.filesDeadLettered()).isEqualTo(expectedDead.size());

    List<ConsumerRecord<byte[], byte[]>> dlq = platform.readAll(List.of(EventContract.DLQ.defaultName()), true);
    Map<String, String> actual = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : dlq) {
      actual.put(header(r, DeadLetters.H_FILE), header(r, DeadLetters.H_REASON));
      assertThat(header(r, DeadLetters.H_STAGE)).startsWith("ingest.");
    }
    assertThat(actual).containsExactlyInAnyOrderEntriesOf(expectedDead);
    assertThat(platform.readAll(List.of(EventContract.PAIRS.defaultName()), true)).hasSize(export.plans().size());
  }

  @Test
  @Order(2)
  void shouldPublishNothingWhenTheSameFilesAreIngestedAgain() throws Exception {
    int pairs = platform.readAll(List.of(EventContract.PAIRS.defaultName()), false).size();
    int dead = platform.readAll(List.of(EventContract.DLQ.defaultName()), false).size();
    IngestSummary again;
    try (IngestRuntime runtime = IngestRuntime.open(config())) {
      again = runtime.ingestor().ingestFolder(temp.resolve("export"), ProgressListener.NONE);
    }
    assertThat(again.pairsOut()).isZero();
    assertThat(again.pairsAlreadyIngested()).isEqualTo(export.plans().size());
    assertThat(again.filesIn()).isEqualTo(first.filesIn());
    assertThat(platform.readAll(List.of(EventContract.PAIRS.defaultName()), false)).hasSize(pairs);
    assertThat(platform.readAll(List.of(EventContract.DLQ.defaultName()), false)).hasSize(dead);
  }

  @Test
  @Order(3)
  void shouldStoreInstancesPushedOverStowRs() throws Exception {
    byte[] dicom = TestDicom.image("2.25.9100", "2.25.9100.1", "ACC91000000", "Kettleborough^Wilhelmina",
        "77001122", 16, 16).toPart10(TransferSyntax.EXPLICIT_VR_LE);
    byte[] unsupported = TestDicom.image("2.25.9100", "2.25.9100.2", "ACC91000000", "Kettleborough^Wilhelmina",
        "77001122", 16, 16).toPart10(TransferSyntax.of("1.2.840.10008.1.2.4.80"));
    String report = TestDicom.report("2.25.9100", "ACC91000000", "Kettleborough^Wilhelmina");
    int before = platform.readAll(List.of(EventContract.PAIRS.defaultName()), true).size();
    try (IngestRuntime runtime = IngestRuntime.open(config());
        StowServer server = StowServer.start(runtime.config(), runtime.ingestor(), runtime.sink())) {
      HttpResponse<String> response = post(server.baseUrl() + "/studies", List.of(
          new Object[] {"application/dicom", dicom},
          new Object[] {"application/dicom", unsupported},
          new Object[] {"text/plain", report.getBytes(StandardCharsets.UTF_8)}));
      assertThat(response.statusCode()).isEqualTo(202);
      assertThat(response.body()).contains("\"00081199\"").contains("2.25.9100.1")
          .contains("\"00081198\"").contains("2.25.9100.2").contains(String.valueOf(0xC122));
      HttpResponse<String> wrongType = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(server.baseUrl() + "/studies"))
              .header("Content-Type", "application/dicom").POST(HttpRequest.BodyPublishers.ofByteArray(dicom)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(wrongType.statusCode()).isEqualTo(415);
    }
    assertThat(platform.readAll(List.of(EventContract.PAIRS.defaultName()), true)).hasSize(before + 1);
  }

  @Test
  @Order(5)
  void shouldRoundTripTheReleasedMmedpoFileThroughThePreferencesTopic() throws Exception {
    IngestConfig config = config();
    org.mmedpo.common.kafka.Topics topics = org.mmedpo.common.kafka.Topics.create(config,
        org.mmedpo.common.serde.EventSerdes.create(config));
    Path released = org.mmedpo.ingest.mmedpo.MmedpoFormatTest.released();
    var blobs = new org.mmedpo.common.blob.LocalBlobStore(temp.resolve("import-blobs"));
    var result = org.mmedpo.ingest.mmedpo.MmedpoImporter.read(released, null, blobs);
    assertThat(org.mmedpo.ingest.mmedpo.PreferenceTopic.publish(config, topics, result)).isEqualTo(1797);
    assertThat(org.mmedpo.ingest.mmedpo.PreferenceTopic.publish(config, topics, result)).isZero();
    var samples = org.mmedpo.ingest.mmedpo.PreferenceTopic.readAll(config, topics);
    assertThat(samples).hasSize(1797);
    var exported = org.mmedpo.ingest.mmedpo.MmedpoExporter.toJson(samples, false);
    var original = new com.fasterxml.jackson.databind.ObjectMapper().readTree(released.toFile());
    assertThat(org.mmedpo.ingest.mmedpo.MmedpoFormatTest.sameJson(original, exported)).isTrue();
  }

  /** The "done when" of the issue: planted patient data in no topic, no blob, no log line. */
  @Test
  @Order(6)
  void shouldNeverLetPlantedPatientDataIntoAnyTopicBlobOrLogLine() throws Exception {
    List<String> planted = new ArrayList<>(export.planted());
    planted.addAll(plantedExtra);
    for (StudyPlan plan : export.plans()) {
      planted.add(plan.studyUid());
      planted.add(plan.sopUid());
    }
    List<String> needles = planted.stream().filter(s -> s.length() >= 5)
        .map(s -> s.toLowerCase(Locale.ROOT)).distinct().toList();
    assertThat(needles).hasSizeGreaterThan(300);
    // Positive control: the same scan finds the planted data in the export itself.
    String source = new String(Files.readAllBytes(temp.resolve("export").resolve(export.plans().get(0).folder())
        .resolve("image-1.dcm")), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
    assertThat(needles.stream().filter(source::contains).count()).isGreaterThanOrEqualTo(8);

    List<String> topics = new ArrayList<>();
    for (EventContract c : EventContract.values()) {
      topics.add(c.defaultName());
    }
    List<ConsumerRecord<byte[], byte[]>> records = platform.readAll(topics, false);
    assertThat(records).isNotEmpty();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      if (r.key() != null) {
        bytes.writeBytes(r.key());
      }
      if (r.value() != null) {
        bytes.writeBytes(r.value());
      }
      for (Header h : r.headers()) {
        bytes.writeBytes(h.key().getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(h.value());
      }
      assertFree(new String(bytes.toByteArray(), StandardCharsets.ISO_8859_1), needles,
          r.topic() + "@" + r.partition() + ":" + r.offset());
    }
    int blobs = 0;
    try (Stream<Path> walk = Files.walk(temp.resolve("data/blobs"))) {
      for (Path blob : walk.filter(Files::isRegularFile).toList()) {
        assertFree(new String(Files.readAllBytes(blob), StandardCharsets.ISO_8859_1), needles, blob.toString());
        blobs++;
      }
    }
    assertThat(blobs).isGreaterThanOrEqualTo(export.plans().size());
    String captured = logs.text();
    assertThat(captured).contains("dead-lettered");
    assertFree(captured, needles, "captured log");
  }

  static void assertFree(String haystack, List<String> needles, String where) {
    String lower = haystack.toLowerCase(Locale.ROOT);
    for (String needle : needles) {
      assertThat(lower.contains(needle)).as("planted value '%s' found in %s", needle, where).isFalse();
    }
  }

  static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  static HttpResponse<String> post(String url, List<Object[]> parts) throws Exception {
    String boundary = "mmedpo-boundary-42";
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (Object[] part : parts) {
      body.writeBytes(("--" + boundary + "\r\nContent-Type: " + part[0] + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      body.writeBytes((byte[]) part[1]);
      body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    HttpRequest request = HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }
}
