package org.mmedpo.common.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.mmedpo.events.DeadLetter;

/**
 * Builds dead letters and their provenance headers. Every stage sends what it cannot process to
 * {@code mmedpo.dlq.v1} through here, so counts in = counts out + dead letters holds everywhere.
 */
public final class DeadLetters {

  /** Header names, each prefixed so they do not clash with application headers. */
  public static final String H_STAGE = "mmedpo.dlq.stage";
  public static final String H_REASON = "mmedpo.dlq.reason";
  public static final String H_EXCEPTION = "mmedpo.dlq.exception";
  public static final String H_MESSAGE = "mmedpo.dlq.message";
  public static final String H_TOPIC = "mmedpo.dlq.topic";
  public static final String H_PARTITION = "mmedpo.dlq.partition";
  public static final String H_OFFSET = "mmedpo.dlq.offset";
  public static final String H_FILE = "mmedpo.dlq.file";

  /** Original key and value bytes above this size are not kept in the dead letter. */
  public static final int MAX_KEPT_BYTES = 64 * 1024;

  private DeadLetters() {}

  /**
   * A dead letter for an input file that ingest rejected. The file's bytes are never kept: they
   * may hold patient data.
   */
  public static DeadLetter forFile(String stage, String reason, String detail, Throwable error,
      String relativeFile) {
    return base(stage, reason, detail, error).setSourceFile(relativeFile).build();
  }

  /** A dead letter for a Kafka record that a stream or consumer stage rejected. */
  public static DeadLetter forRecord(String stage, String reason, Throwable error, String topic,
      int partition, long offset, byte[] key, byte[] value) {
    return base(stage, reason, error == null ? "" : String.valueOf(error.getMessage()), error)
        .setSourceTopic(topic)
        .setSourcePartition(partition)
        .setSourceOffset(offset)
        .setOriginalKey(kept(key))
        .setOriginalValue(kept(value))
        .build();
  }

  /** The provenance headers of {@code letter}. */
  public static Headers headers(DeadLetter letter) {
    RecordHeaders headers = new RecordHeaders();
    add(headers, H_STAGE, letter.getStage());
    add(headers, H_REASON, letter.getReason());
    add(headers, H_EXCEPTION, letter.getErrorClass());
    add(headers, H_MESSAGE, letter.getDetail());
    add(headers, H_TOPIC, letter.getSourceTopic());
    add(headers, H_PARTITION, letter.getSourcePartition());
    add(headers, H_OFFSET, letter.getSourceOffset());
    add(headers, H_FILE, letter.getSourceFile());
    return headers;
  }

  private static DeadLetter.Builder base(String stage, String reason, String detail, Throwable error) {
    return DeadLetter.newBuilder()
        .setStage(stage)
        .setReason(reason)
        .setDetail(detail == null ? "" : detail)
        .setErrorClass(error == null ? null : error.getClass().getName())
        .setOccurredAt(Instant.now());
  }

  private static java.nio.ByteBuffer kept(byte[] bytes) {
    return bytes == null || bytes.length > MAX_KEPT_BYTES
        ? null : java.nio.ByteBuffer.wrap(Arrays.copyOf(bytes, bytes.length));
  }

  private static void add(Headers headers, String name, Object value) {
    if (value != null) {
      headers.add(name, value.toString().getBytes(StandardCharsets.UTF_8));
    }
  }
}
