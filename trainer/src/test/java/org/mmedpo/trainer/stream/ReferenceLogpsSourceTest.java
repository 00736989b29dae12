package org.mmedpo.trainer.stream;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mmedpo.events.DispreferenceKind;
import org.mmedpo.events.ImageRef;
import org.mmedpo.events.ItemType;
import org.mmedpo.events.PreferenceSample;
import org.mmedpo.events.ReferenceLogps;
import org.mmedpo.events.SampleProvenance;
import org.mmedpo.events.WeightScheme;
import org.mmedpo.model.MedVlm;
import org.mmedpo.model.ModelConfig;
import org.mmedpo.model.VlmSample;

class ReferenceLogpsSourceTest {

  private static MedVlm reference;
  private static final ImageRef REF = ImageRef.newBuilder().setUri("file:///x.png")
      .setSha256("0".repeat(64)).setWidth(16).setHeight(16).setBitsStored(16).build();

  @BeforeAll
  static void load() {
    reference = MedVlm.create(ModelConfig.tiny(), TrainerFixture.tokenizer(), Device.cpu());
  }

  @AfterAll
  static void close() {
    reference.close();
  }

  private static PreferenceSample sample(String id, ReferenceLogps logps) {
    return PreferenceSample.newBuilder().setSampleId(id).setKind(DispreferenceKind.TEXT_HALLUCINATION)
        .setItemType(ItemType.VQA_CLOSED).setPrompt("is there a nodule ?").setChosenText("yes")
        .setChosenImage(REF).setRejectedText("no , the lungs are clear .").setRejectedImage(REF)
        .setRawScore(0.8).setWeight(1.0).setWeightScheme(WeightScheme.PAPER).setReference(logps)
        .setProvenance(SampleProvenance.newBuilder().setSource("test").build())
        .setCreatedAt(Instant.EPOCH).build();
  }

  private static VlmSample side(String text) {
    float[] image = new float[16 * 16];
    for (int i = 0; i < image.length; i++) {
      image[i] = (i % 7) / 7f - 0.5f;
    }
    return new VlmSample(image, "is there a nodule ?", text);
  }

  @Test
  void shouldUseTheSamplesLogProbsWhenTheyComeFromTheTrainersReferenceVersion() {
    ReferenceLogpsSource source = new ReferenceLogpsSource(reference, "base-1", 10);
    ReferenceLogps enriched = ReferenceLogps.newBuilder().setModelVersion("base-1").setChosenLogp(-1.25)
        .setRejectedLogp(-7.5).build();
    double[] got = source.of(sample("s1", enriched), side("yes"), side("no , the lungs are clear ."));
    assertThat(got).containsExactly(-1.25, -7.5);
    assertThat(source.fromEvent()).isEqualTo(1);
    assertThat(source.computed()).isZero();
  }

  @Test
  void shouldComputeThemWithItsReferenceWhenTheSampleWasEnrichedByAnotherVersionOrNotAtAll() {
    ReferenceLogpsSource source = new ReferenceLogpsSource(reference, "base-1", 10);
    VlmSample chosen = side("yes");
    VlmSample rejected = side("no , the lungs are clear .");
    double[] expected = reference.logProbs(List.of(chosen, rejected));
    ReferenceLogps other = ReferenceLogps.newBuilder().setModelVersion("base-0").setChosenLogp(-1.25)
        .setRejectedLogp(-7.5).build();

    assertThat(source.of(sample("s1", other), chosen, rejected)).containsExactly(expected);
    assertThat(source.of(sample("s2", null), chosen, rejected)).containsExactly(expected);
    assertThat(source.computed()).isEqualTo(2);
    assertThat(source.fromEvent()).isZero();
    // A sample seen again comes from the cache.
    assertThat(source.of(sample("s1", other), chosen, rejected)).containsExactly(expected);
    assertThat(source.cacheHits()).isEqualTo(1);
    assertThat(source.computed()).isEqualTo(2);
  }
}
