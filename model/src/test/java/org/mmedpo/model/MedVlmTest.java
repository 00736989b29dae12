package org.mmedpo.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mmedpo.common.image.GrayImage;
import org.mmedpo.model.archive.ArchiveMetadata;
import org.mmedpo.model.image.Heatmap;
import org.mmedpo.model.text.Tokenizer;

public class MedVlmTest {

  public static Tokenizer tokenizerForTests() {
    return tokenizer();
  }

  static Tokenizer tokenizer() {
    return Tokenizer.build(List.of("is there a pneumothorax ? yes no",
        "findings : the lungs are clear . impression : normal chest .",
        "describe the findings of this chest x-ray ."), 1);
  }

  static GrayImage image(int seed) {
    GrayImage img = GrayImage.blank(32, 32, 16);
    for (int i = 0; i < img.pixels().length; i++) {
      img.pixels()[i] = (i * 7919 + seed * 104729) % 65536;
    }
    return img;
  }

  @Test
  void shouldMatchSummedTokenLogProbsComputedByHandFromLogits() {
    try (MedVlm model = MedVlm.create(ModelConfig.tiny(), tokenizer(), Device.cpu());
        NDManager m = model.manager().newSubManager()) {
      float[] img = model.prepare(image(1));
      VlmSample sample = new VlmSample(img, "is there a pneumothorax ?", "yes");
      ResponseLogProbs lp = model.responseLogProbs(m, List.of(sample));
      // Tokens: USER: <image> is there a pneumothorax ? ASSISTANT: yes </s> -> 2 response targets.
      // Padded to 16 tokens (a multiple of 8): 14 targets, the last 6 padding.
      assertThat(lp.mask().toFloatArray()).containsExactly(0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0);
      Tokenizer tok = model.tokenizer();
      long[] tokens = {tok.userId(), tok.imageId(), tok.id("is"), tok.id("there"), tok.id("a"),
          tok.id("pneumothorax"), tok.id("?"), tok.assistantId(), tok.id("yes"), tok.eosId()};
      NDArray logits = model.net().forward(
          m.create(img, new ai.djl.ndarray.types.Shape(1, 1, 16, 16)),
          m.create(tokens, new ai.djl.ndarray.types.Shape(1, tokens.length)));
      float[] logp = logits.logSoftmax(-1).toFloatArray();
      int v = tok.size();
      double expected = logp[6 * v + tok.id("yes")] + logp[7 * v + tok.eosId()];
      assertThat((double) lp.sum().getFloat(0)).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-5));
      assertThat(model.logProbs(List.of(sample))[0]).isCloseTo(expected,
          org.assertj.core.data.Offset.offset(1e-5));
    }
  }

  @Test
  void shouldGiveEachSampleOfAPaddedBatchTheLogProbItHasAlone() {
    try (MedVlm model = MedVlm.create(ModelConfig.tiny(), tokenizer(), Device.cpu())) {
      VlmSample a = new VlmSample(model.prepare(image(1)), "is there a pneumothorax ?", "yes");
      VlmSample b = new VlmSample(model.prepare(image(2)), "describe the findings .",
          "findings : the lungs are clear . impression : normal chest .");
      double[] both = model.logProbs(List.of(a, b));
      assertThat(both[0]).isCloseTo(model.logProbs(List.of(a))[0],
          org.assertj.core.data.Offset.offset(1e-4));
      assertThat(both[1]).isCloseTo(model.logProbs(List.of(b))[0],
          org.assertj.core.data.Offset.offset(1e-4));
      assertThat(both[1]).isLessThan(both[0]);
    }
  }

  @Test
  void shouldNotLeaveArraysInTheModelManagerAfterInference() {
    try (MedVlm model = MedVlm.create(ModelConfig.tiny(), tokenizer(), Device.cpu())) {
      int before = model.manager().getManagedArrays().size();
      float[] img = model.prepare(image(3));
      for (int i = 0; i < 3; i++) {
        model.logProbs(List.of(new VlmSample(img, "is there a pneumothorax ?", "no")));
        model.generate(img, "is there a pneumothorax ?", Decoding.greedy(5));
        model.saliency(image(3), "is there a pneumothorax ?", "pneumothorax");
      }
      assertThat(model.manager().getManagedArrays()).hasSize(before);
    }
  }

  @Test
  void shouldRoundTripParametersConfigAndTokenizerBitForBitThroughTheArchive() {
    try (MedVlm model = MedVlm.create(ModelConfig.tiny(), tokenizer(), Device.cpu())) {
      ArchiveMetadata meta = new ArchiveMetadata("mmedpo-cxr-tiny", "v1", null, "BASE", 3, 0,
          Map.of("lr", "0.001"));
      byte[] archive = model.toArchive(meta);
      assertThat(model.toArchive(meta)).isEqualTo(archive);
      try (MedVlm loaded = MedVlm.load(archive, Device.cpu(), false)) {
        assertThat(loaded.config()).isEqualTo(model.config());
        assertThat(loaded.tokenizer()).isEqualTo(model.tokenizer());
        assertThat(loaded.metadata()).isEqualTo(meta);
        assertThat(loaded.parameterBytes()).isEqualTo(model.parameterBytes());
        for (Parameter p : loaded.parameters()) {
          assertThat(p.getArray().hasGradient()).as(p.getName()).isFalse();
        }
      }
    }
  }

  @Test
  void shouldRejectBytesThatAreNotAModelArchive() {
    assertThatThrownBy(() -> MedVlm.load(new byte[] {1, 2, 3}, Device.cpu(), false))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldStopGeneratingAtTheTokenLimitAndRepeatSamplesForTheSameSeed() {
    try (MedVlm model = MedVlm.create(ModelConfig.tiny(), tokenizer(), Device.cpu())) {
      float[] img = model.prepare(image(4));
      String greedy = model.generate(img, "is there a pneumothorax ?", Decoding.greedy(4));
      assertThat(Tokenizer.split(greedy).size()).isLessThanOrEqualTo(4);
      List<String> first = model.sample(img, "describe", 3, Decoding.sampled(1.0, 6, 11));
      List<String> again = model.sample(img, "describe", 3, Decoding.sampled(1.0, 6, 11));
      assertThat(first).hasSize(3).isEqualTo(again);
    }
  }

  @Test
  void shouldMakeASaliencyMapInTheUnitRangeThatResizesToTheRadiograph() {
    try (MedVlm model = MedVlm.create(ModelConfig.tiny(), tokenizer(), Device.cpu())) {
      Heatmap map = model.saliency(image(5), "is there a pneumothorax ?", "yes");
      assertThat(map.width()).isEqualTo(16);
      float max = 0;
      for (float v : map.values()) {
        assertThat(v).isBetween(0f, 1f);
        max = Math.max(max, v);
      }
      assertThat(max).isEqualTo(1f);
      Heatmap big = map.resize(32, 32);
      assertThat(big.values()).hasSize(32 * 32);
    }
  }
}
