package org.mmedpo.streams.errors;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.mmedpo.common.kafka.DeadLetters;
import org.mmedpo.events.DeadLetter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An output that cannot be serialized (e.g. the registry refuses its schema) or that the broker
 * refuses for good (e.g. too large) goes to the dead-letter topic with the source record's bytes;
 * retriable send errors are retried.
 */
public final class DeadLetterProductionHandler implements ProductionExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProductionHandler.class);
  public static final String STAGE = "streams.production";

  private DeadLetterRouter router;

  @Override
  public void configure(Map<String, ?> configs) {
    router = DeadLetterRouter.from(configs);
  }

  @Override
  public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
      Exception exception) {
    if (exception instanceof RetriableException) {
      return Response.retry();
    }
    return deadLetter(context, "output refused by the broker", record.topic(), exception);
  }

  @Override
  @SuppressWarnings("rawtypes")
  public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record,
      Exception exception, SerializationExceptionOrigin origin) {
    return deadLetter(context, "output not serializable (" + origin.name().toLowerCase(java.util.Locale.ROOT)
        + ")", record.topic(), exception);
  }

  private Response deadLetter(ErrorHandlerContext context, String reason, String outputTopic, Exception exception) {
    LOG.warn("cannot produce to {} for {}-{}@{}: {}", outputTopic, context.topic(), context.partition(),
        context.offset(), exception.getMessage());
    DeadLetter letter = DeadLetters.forRecord(STAGE, reason, exception, context.topic(),
        context.partition(), context.offset(), context.sourceRawKey(), context.sourceRawValue());
    return Response.resume(List.of(router.record(letter, context.sourceRawKey())));
  }
}
