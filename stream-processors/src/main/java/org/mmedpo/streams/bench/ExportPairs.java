package org.mmedpo.streams.bench;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.mmedpo.common.blob.BlobStore;
import org.mmedpo.common.blob.StoredBlob;
import org.mmedpo.common.image.GrayImage;
import org.mmedpo.common.image.PngCodec;
import org.mmedpo.events.ImageRef;
import org.mmedpo.events.ImageReportPair;
import org.mmedpo.events.IngestProvenance;
import org.mmedpo.events.LesionAnnotation;
import org.mmedpo.events.VqaItem;

/**
 * An ImageReportPair from one study of an export as read outside Kafka (the ingest module's
 * {@code ExportReader}: display-ready pixels, scrubbed sections, ground truth), for benchmarks and
 * tests that feed the processors a real synthetic export without running ingest. Pseudonyms are
 * plain hashes of the study id here; ingest uses a keyed HMAC.
 */
public final class ExportPairs {

  private ExportPairs() {}

  /** The pair of a study; its image goes to {@code blobs}. */
  public static ImageReportPair pair(BlobStore blobs, String exportId, String studyId, GrayImage image,
      String findings, String impression, List<VqaItem> vqa, List<LesionAnnotation> annotations) {
    StoredBlob blob = blobs.put(PngCodec.encode(image), "image/png");
    ImageRef ref = ImageRef.newBuilder().setUri(blob.uri()).setSha256(blob.sha256()).setMediaType("image/png")
        .setWidth(image.width()).setHeight(image.height()).setBitsStored(image.bits())
        .setPhotometricInterpretation("MONOCHROME2").setModality("DX").setWindowCenter(null).setWindowWidth(null)
        .build();
    String hash = sha256(exportId + "/" + studyId);
    return ImageReportPair.newBuilder()
        .setPairId("pair-" + hash.substring(0, 24))
        .setStudyPseudonym("study-" + hash.substring(24, 48))
        .setPatientPseudonym(null)
        .setModality("DX").setBodyPart("CHEST").setView(null)
        .setImage(ref)
        .setFindings(findings == null ? "" : findings)
        .setImpression(impression == null ? "" : impression)
        .setVqa(vqa).setAnnotations(annotations)
        .setProvenance(IngestProvenance.newBuilder().setExportId(exportId).setSourceName(studyId)
            .setSourceSha256(blob.sha256()).setReportSource(null).setTransferSyntaxUid(null)
            .setIngestor("mmedpo-stream-processors/export-pairs").build())
        .setStudyDate(null)
        .setIngestedAt(Instant.now())
        .build();
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
