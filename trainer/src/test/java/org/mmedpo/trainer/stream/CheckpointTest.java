package org.mmedpo.trainer.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {

  @TempDir Path dir;

  private static Checkpoint sample() {
    return new Checkpoint("base-1", 12, 96, 2, 1234, "dpo-step-12", Map.of(0, 40L, 1, 7L, 2, 51L),
        new byte[] {1, 2, 3, 4}, new byte[] {9, 8, 7});
  }

  @Test
  void shouldRoundTripEveryFieldThroughAnAtomicWrite() throws IOException {
    sample().write(dir);
    Checkpoint read = Checkpoint.read(dir).orElseThrow();
    assertThat(read).usingRecursiveComparison().isEqualTo(sample());
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly(Checkpoint.FILE_NAME);
    }
  }

  @Test
  void shouldReportNoCheckpointInAnEmptyFolder() throws IOException {
    assertThat(Checkpoint.read(dir)).isEmpty();
  }

  @Test
  void shouldRejectATornOrCorruptCheckpoint() throws IOException {
    byte[] bytes = sample().toBytes();
    bytes[20] ^= 1;
    assertThatThrownBy(() -> Checkpoint.fromBytes(bytes)).hasMessageContaining("checksum");
    byte[] torn = java.util.Arrays.copyOf(sample().toBytes(), 30);
    assertThatThrownBy(() -> Checkpoint.fromBytes(torn)).isInstanceOf(IOException.class);
  }

  @Test
  void shouldCutTheLedgerBackToTheCheckpointedLength() throws IOException {
    long length;
    try (Ledger ledger = new Ledger(dir, 0)) {
      ledger.append(1, List.of("a", "b"));
      length = ledger.sync();
      ledger.append(2, List.of("c", "d"));
    }
    try (Ledger ledger = new Ledger(dir, length)) {
      ledger.append(2, List.of("e"));
    }
    assertThat(Ledger.sampleIds(dir)).containsExactly("a", "b", "e");
    assertThatThrownBy(() -> new Ledger(dir, 10_000)).hasMessageContaining("shorter");
  }
}
