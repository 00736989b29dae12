package org.mmedpo.streams.errors;

import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.Record;
import org.mmedpo.common.kafka.DeadLetters;
import org.mmedpo.events.DeadLetter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A processor that throws sends its input record to the dead-letter topic, with the source
 * record's raw bytes and the reason of the failure ({@link RejectedRecordException#reason()}), and
 * processing continues. Failures of Kafka Streams itself (state stores, tasks) are not the
 * record's fault and stop the thread instead.
 */
public final class DeadLetterProcessingHandler implements ProcessingExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProcessingHandler.class);

  private DeadLetterRouter router;

  @Override
  public void configure(Map<String, ?> configs) {
    router = DeadLetterRouter.from(configs);
  }

  @Override
  public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    if (exception instanceof StreamsException && !(exception instanceof RejectedRecordException)) {
      LOG.error("Kafka Streams failure in {}", context.processorNodeId(), exception);
      return Response.fail();
    }
    Throwable why = DeadLetterRouter.explanation(exception);
    String reason = DeadLetterRouter.reasonOf(exception);
    LOG.warn("{} rejected {}-{}@{}: {} ({})", context.processorNodeId(), context.topic(),
        context.partition(), context.offset(), reason, why.getMessage());
    DeadLetter letter = DeadLetters.forRecord("streams." + context.processorNodeId(), reason, why,
        context.topic(), context.partition(), context.offset(), context.sourceRawKey(),
        context.sourceRawValue());
    return Response.resume(List.of(router.record(letter, context.sourceRawKey())));
  }
}
