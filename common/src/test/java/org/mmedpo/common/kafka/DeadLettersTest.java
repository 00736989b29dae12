package org.mmedpo.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.Test;
import org.mmedpo.events.DeadLetter;

class DeadLettersTest {

  @Test
  void shouldCarryRecordProvenanceInValueAndHeaders() {
    IllegalArgumentException error = new IllegalArgumentException("no findings parsed");
    DeadLetter letter = DeadLetters.forRecord("streams.hallucination", "unparseable report", error,
        "mmedpo.pairs.v1", 3, 42L, "key".getBytes(StandardCharsets.UTF_8), new byte[] {0, 1});

    assertThat(letter.getSourceTopic()).isEqualTo("mmedpo.pairs.v1");
    assertThat(letter.getSourcePartition()).isEqualTo(3);
    assertThat(letter.getSourceOffset()).isEqualTo(42L);
    assertThat(letter.getErrorClass()).isEqualTo("java.lang.IllegalArgumentException");
    assertThat(letter.getOriginalValue().array()).containsExactly(0, 1);

    Map<String, String> headers = asMap(DeadLetters.headers(letter));
    assertThat(headers).containsEntry(DeadLetters.H_EXCEPTION, "java.lang.IllegalArgumentException")
        .containsEntry(DeadLetters.H_MESSAGE, "no findings parsed")
        .containsEntry(DeadLetters.H_TOPIC, "mmedpo.pairs.v1")
        .containsEntry(DeadLetters.H_PARTITION, "3")
        .containsEntry(DeadLetters.H_OFFSET, "42")
        .containsEntry(DeadLetters.H_STAGE, "streams.hallucination")
        .containsEntry(DeadLetters.H_REASON, "unparseable report")
        .doesNotContainKey(DeadLetters.H_FILE);
  }

  @Test
  void shouldNeverKeepTheBytesOfAFileAndDropHugeRecords() {
    DeadLetter file = DeadLetters.forFile("ingest.dicom", "truncated file", "ended at byte 132",
        null, "study-7/IM0001.dcm");
    assertThat(file.getOriginalValue()).isNull();
    assertThat(asMap(DeadLetters.headers(file))).containsEntry(DeadLetters.H_FILE, "study-7/IM0001.dcm");

    DeadLetter huge = DeadLetters.forRecord("s", "r", null, "t", 0, 0,
        null, new byte[DeadLetters.MAX_KEPT_BYTES + 1]);
    assertThat(huge.getOriginalValue()).isNull();
  }

  private static Map<String, String> asMap(Headers headers) {
    Map<String, String> map = new HashMap<>();
    for (Header header : headers) {
      map.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
    }
    return map;
  }
}
