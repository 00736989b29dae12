package org.mmedpo.ingest.deid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PseudonymizerTest {

  @TempDir Path dir;

  private final Pseudonymizer a = new Pseudonymizer("secret-number-one!".getBytes(StandardCharsets.UTF_8), 1095);
  private final Pseudonymizer b = new Pseudonymizer("secret-number-two!".getBytes(StandardCharsets.UTF_8), 1095);

  @Test
  void shouldGiveStablePseudonymsForTheSameSecretAndOthersForAnother() {
    assertThat(a.study("1.2.3")).isEqualTo(a.study("1.2.3")).startsWith("st-").hasSize(29)
        .isNotEqualTo(b.study("1.2.3")).isNotEqualTo(a.study("1.2.4"));
    assertThat(a.patient("123", null)).isNotEqualTo(a.other("accession", "pt", "123"));
  }

  @Test
  void shouldShiftAPatientsDatesByOneKeyedOffset() {
    LocalDate d1 = LocalDate.of(2024, 3, 1);
    LocalDate d2 = LocalDate.of(2024, 5, 1);
    int shift = a.shiftDays("patient-1");
    assertThat(shift).isBetween(-1095, -1);
    assertThat(a.shift(d2, "patient-1").toEpochDay() - a.shift(d1, "patient-1").toEpochDay())
        .isEqualTo(d2.toEpochDay() - d1.toEpochDay());
    long distinct = java.util.stream.IntStream.range(0, 50).map(i -> a.shiftDays("p" + i)).distinct().count();
    assertThat(distinct).isGreaterThan(40);
  }

  @Test
  void shouldGenerateAnOwnerOnlyKeyOnceAndReuseIt() throws Exception {
    Path key = dir.resolve("ingest/deid.key");
    byte[] first = DeidSecret.resolve("", key);
    assertThat(first).hasSize(32);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
    assertThat(DeidSecret.resolve("", key)).isEqualTo(first);
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> DeidSecret.resolve("", key)).hasMessageContaining("accessible by others");
    assertThat(DeidSecret.resolve("a configured secret", key))
        .isEqualTo("a configured secret".getBytes(StandardCharsets.UTF_8));
  }
}
