package org.mmedpo.platform;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.mmedpo.events.ClinicalScore;
import org.mmedpo.events.ConsensusRound;
import org.mmedpo.events.DeadLetter;
import org.mmedpo.events.DispreferenceKind;
import org.mmedpo.events.DispreferredVariant;
import org.mmedpo.events.ImageRef;
import org.mmedpo.events.ImageReportPair;
import org.mmedpo.events.IngestProvenance;
import org.mmedpo.events.ItemType;
import org.mmedpo.events.Judgement;
import org.mmedpo.events.LesionAnnotation;
import org.mmedpo.events.ModelKind;
import org.mmedpo.events.ModelVersion;
import org.mmedpo.events.Operation;
import org.mmedpo.events.PreferenceSample;
import org.mmedpo.events.ReferenceLogps;
import org.mmedpo.events.SampleProvenance;
import org.mmedpo.events.ScoreMethod;
import org.mmedpo.events.TrainingMetrics;
import org.mmedpo.events.VqaAnswerType;
import org.mmedpo.events.VqaItem;
import org.mmedpo.events.WeightScheme;
import org.mmedpo.schemas.EventContract;

/** One fully populated event of every contract, for round-trip tests. */
final class SampleEvents {

  private SampleEvents() {}

  static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

  static ImageRef image(String sha) {
    return ImageRef.newBuilder().setUri("file:/blobs/" + sha).setSha256(sha).setWidth(512)
        .setHeight(512).setBitsStored(16).setModality("DX").setWindowCenter(32768.0)
        .setWindowWidth(65535.0).build();
  }

  static Map<EventContract, SpecificRecord> all() {
    ImageRef image = image("a".repeat(64));
    ImageReportPair pair = ImageReportPair.newBuilder()
        .setPairId("pair-1").setStudyPseudonym("study-1").setPatientPseudonym("patient-1")
        .setModality("DX").setBodyPart("CHEST").setView("PA").setImage(image)
        .setFindings("Small right pleural effusion.").setImpression("Right effusion.")
        .setVqa(List.of(new VqaItem("vqa-0", "Is there an effusion?", "yes", VqaAnswerType.CLOSED, "presence")))
        .setAnnotations(List.of(LesionAnnotation.newBuilder().setLabel("pleural effusion")
            .setLaterality("right").setX(300).setY(350).setWidth(120).setHeight(80).build()))
        .setProvenance(IngestProvenance.newBuilder().setExportId("export-1")
            .setSourceName("s1/IM0001.dcm").setSourceSha256("b".repeat(64))
            .setIngestor("mmedpo-ingest/test").build())
        .setStudyDate(LocalDate.of(2026, 1, 2)).setIngestedAt(NOW).build();
    DispreferredVariant variant = DispreferredVariant.newBuilder()
        .setVariantId("var-1").setPairId("pair-1").setStudyPseudonym("study-1").setItemId("report")
        .setItemType(ItemType.REPORT).setKind(DispreferenceKind.TEXT_HALLUCINATION)
        .setRejectedText("Small left pleural effusion.").setGenerator("clinical-engine")
        .setGeneratorVersion("1").setOperations(List.of(Operation.newBuilder()
            .setName("swap_laterality").setFinding("pleural effusion").setBefore("right")
            .setAfter("left").build()))
        .setCreatedAt(NOW).build();
    ClinicalScore score = ClinicalScore.newBuilder()
        .setScoreId("score-1").setVariantId("var-1").setPairId("pair-1").setStudyPseudonym("study-1")
        .setKind(DispreferenceKind.TEXT_HALLUCINATION).setMethod(ScoreMethod.JUDGE_CONSENSUS)
        .setRounds(List.of(new ConsensusRound(1, List.of(
            new Judgement("clinical-rules", 0.8, false, "wrong side"),
            new Judgement("med-llm", 0.8, true, "agree")))))
        .setConsensusReached(true).setRawScore(0.8).setCreatedAt(NOW).build();
    PreferenceSample sample = PreferenceSample.newBuilder()
        .setSampleId("sample-1").setKind(DispreferenceKind.LESION_NEGLECT).setItemType(ItemType.REPORT)
        .setPrompt("Describe the findings.").setChosenText("Small right pleural effusion.")
        .setChosenImage(image).setRejectedText("Small right pleural effusion.")
        .setRejectedImage(image("c".repeat(64))).setRawScore(0.7).setWeight(0.95)
        .setWeightScheme(WeightScheme.PAPER).setReference(new ReferenceLogps(-12.5, -14.0, "base-1"))
        .setProvenance(SampleProvenance.newBuilder().setSource("streams").setPairId("pair-1")
            .setVariantId("var-1").setScoreId("score-1").setStudyPseudonym("study-1").build())
        .setCreatedAt(NOW).build();
    ModelVersion version = ModelVersion.newBuilder()
        .setVersion("v0001").setParent("base-1").setModelName("mmedpo-cxr-tiny").setKind(ModelKind.ALIGNED)
        .setBlobUri("file:/blobs/m").setSha256("d".repeat(64)).setSizeBytes(1234).setSamplesSeen(64)
        .setSteps(16).setMetrics(Map.of("loss", 0.69)).setEvaluation(Map.of("closed_accuracy", 0.7))
        .setRecipe(Map.of("beta", "0.1")).setCreatedAt(NOW).build();
    TrainingMetrics metrics = TrainingMetrics.newBuilder()
        .setRunId("run-1").setStep(1).setModelVersion("base-1").setSamplesSeen(4).setBatchSize(4)
        .setTextSamples(2).setImageSamples(2).setLoss(0.69).setRewardsChosen(0.01)
        .setRewardsRejected(-0.01).setRewardsMargins(0.02).setRewardsAccuracies(0.75)
        .setWeightedMargin(0.021).setLogpsChosen(-12.0).setLogpsRejected(-15.0).setGradNorm(0.5)
        .setLearningRate(1e-4).setWeightMean(1.0).setWeightMin(0.8).setWeightMax(1.2)
        .setSamplesPerSecond(30.0).setConsumerLag(10).setTimestamp(NOW).build();
    DeadLetter letter = DeadLetter.newBuilder().setStage("ingest.dicom")
        .setReason("unsupported transfer syntax 1.2.840.10008.1.2.4.90").setDetail("JPEG 2000")
        .setErrorClass("java.lang.IllegalArgumentException").setSourceFile("s2/IM0002.dcm")
        .setOriginalKey(ByteBuffer.wrap(new byte[] {1})).setOccurredAt(NOW).build();
    return Map.of(EventContract.PAIRS, pair, EventContract.VARIANTS, variant,
        EventContract.SCORES, score, EventContract.PREFERENCES, sample,
        EventContract.MODEL_VERSIONS, version, EventContract.TRAINER_METRICS, metrics,
        EventContract.DLQ, letter);
  }
}
