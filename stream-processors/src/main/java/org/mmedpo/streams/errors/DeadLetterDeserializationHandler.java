package org.mmedpo.streams.errors;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.mmedpo.common.kafka.DeadLetters;
import org.mmedpo.events.DeadLetter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records that cannot be read (garbage bytes, an unknown schema id, a schema that cannot be
 * resolved) go to the dead-letter topic with their bytes, and processing continues.
 */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);
  public static final String STAGE = "streams.deserialization";

  private DeadLetterRouter router;

  @Override
  public void configure(Map<String, ?> configs) {
    router = DeadLetterRouter.from(configs);
  }

  @Override
  public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
      Exception exception) {
    LOG.warn("undecodable record at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
        exception.getMessage());
    DeadLetter letter = DeadLetters.forRecord(STAGE, "undecodable record", exception, record.topic(),
        record.partition(), record.offset(), record.key(), record.value());
    return Response.resume(List.of(router.record(letter, record.key())));
  }
}
