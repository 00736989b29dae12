package org.mmedpo.streams.errors;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mmedpo.common.blob.BlobNotFoundException;
import org.mmedpo.streams.llm.ExternalCallException;

class DeadLetterRouterTest {

  @Test
  void shouldTakeTheReasonOfTheFirstRejectionInTheCauseChain() {
    RuntimeException wrapped = new RuntimeException("outer",
        new ExternalCallException("llm timeout", "no complete reply within 400 ms"));
    assertThat(DeadLetterRouter.reasonOf(wrapped)).isEqualTo("llm timeout");
    assertThat(DeadLetterRouter.explanation(wrapped)).isInstanceOf(ExternalCallException.class);
  }

  @Test
  void shouldFallBackToTheRootCauseClassName() {
    assertThat(DeadLetterRouter.reasonOf(new IllegalStateException("x", new BlobNotFoundException("file:/x"))))
        .isEqualTo("BlobNotFoundException");
  }
}
