package org.mmedpo.trainer.sft;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LengthGroupedBatchesTest {

  @Test
  void shouldUseEveryExampleOnceAndGroupSimilarLengths() {
    int n = 1_000;
    int[] lengths = new int[n];
    List<Integer> order = new ArrayList<>();
    Random r = new Random(1);
    for (int i = 0; i < n; i++) {
      lengths[i] = r.nextBoolean() ? 10 + r.nextInt(5) : 80 + r.nextInt(10);
      order.add(i);
    }
    List<Integer> original = List.copyOf(order);
    List<List<Integer>> batches = SftTrainer.lengthGroupedBatches(order, lengths, new Random(2), 8);
    List<Integer> all = batches.stream().flatMap(List::stream).sorted().toList();
    assertThat(all).hasSize(n).doesNotHaveDuplicates();
    long mixed = batches.stream().filter(b -> b.stream().anyMatch(i -> lengths[i] < 50)
        && b.stream().anyMatch(i -> lengths[i] >= 50)).count();
    assertThat(mixed).isLessThanOrEqualTo(3); // at most one boundary batch per pool
    assertThat(SftTrainer.lengthGroupedBatches(new ArrayList<>(original), lengths, new Random(2), 8))
        .isEqualTo(batches);
  }
}
