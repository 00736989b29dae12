package org.mmedpo.streams.hallucination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mmedpo.streams.testing.ScriptedHttpServer.Reply.ok;
import static org.mmedpo.streams.testing.ScriptedHttpServer.Reply.status;
import static org.mmedpo.streams.testing.ScriptedHttpServer.chat;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mmedpo.events.ItemType;
import org.mmedpo.streams.llm.ChatCompletionsClient;
import org.mmedpo.streams.llm.Deadline;
import org.mmedpo.streams.llm.ExternalCallException;
import org.mmedpo.streams.llm.JsonReplies;
import org.mmedpo.streams.llm.ResilientHttp;
import org.mmedpo.streams.radiology.RadiologyLexicon;
import org.mmedpo.streams.testing.ScriptedHttpServer;

class LlmHallucinatorTest {

  private static final java.net.http.HttpClient HTTP = ResilientHttp.newClient(Duration.ofSeconds(2));
  private final ScriptedHttpServer server = new ScriptedHttpServer();
  private final ClinicalHallucinationEngine engine = new ClinicalHallucinationEngine(RadiologyLexicon.standard());

  @AfterEach
  void stop() {
    server.close();
  }

  private LlmHallucinator hallucinator(Hallucinator fallback) {
    var endpoint = new ChatCompletionsClient.Endpoint("gpt-4o", server.uri("/v1"), "gpt-4o", "", 0.7, 512,
        new ResilientHttp.Policy(Duration.ofSeconds(2), 2, Duration.ofMillis(5), 0));
    return new LlmHallucinator(new ChatCompletionsClient(endpoint, HTTP), fallback);
  }

  private static HallucinationRequest closed() {
    return new HallucinationRequest(ItemType.VQA_CLOSED, "Is there a pneumothorax?", "Yes", "DX", "CHEST", 1,
        Deadline.in(Duration.ofSeconds(10)));
  }

  @Test
  void shouldUseTheModelsWrongAnswerAndRecordIt() throws Exception {
    server.then(ok(chat("{\"rejected\": \"No, the lungs are fully expanded.\", \"error\": \"missed pneumothorax\"}")));
    HallucinatedText out = hallucinator(null).hallucinate(closed());
    assertThat(out.text()).isEqualTo("No, the lungs are fully expanded.");
    assertThat(out.generator()).isEqualTo("llm:gpt-4o");
    assertThat(out.operations()).singleElement().satisfies(op -> {
      assertThat(op.getName()).isEqualTo(OperationNames.LLM_REWRITE);
      assertThat(op.getAfter()).isEqualTo("missed pneumothorax");
    });
    String prompt = JsonReplies.body(server.requests().get(0).body()).path("messages").get(1).path("content").asText();
    assertThat(prompt).contains("Question: Is there a pneumothorax?").contains("Correct answer: Yes");
  }

  @Test
  void shouldRetryRefusalsCorrectAnswersAndRepeatsOfTheTruth() {
    server.then(ok(chat("{\"rejected\": \"I'm sorry, I cannot help with that.\"}")),
        ok(chat("{\"rejected\": \"Yes, there is a pneumothorax.\"}")),
        ok(chat("{\"rejected\": \"No, there is no pneumothorax.\"}")));
    assertThat(hallucinator(null).hallucinate(closed()).text()).isEqualTo("No, there is no pneumothorax.");
    assertThat(server.calls()).isEqualTo(3);
  }

  @Test
  void shouldFallBackToTheEngineWhenTheEndpointFails() {
    server.then(status(500, "{}"));
    HallucinatedText out = hallucinator(engine).hallucinate(closed());
    assertThat(out.generator()).isEqualTo(ClinicalHallucinationEngine.NAME);
    assertThat(out.text()).startsWith("No");
  }

  @Test
  void shouldFailTheItemWithoutAFallback() {
    server.then(ok("{not json"));
    assertThatThrownBy(() -> hallucinator(null).hallucinate(closed()))
        .isInstanceOf(ExternalCallException.class).extracting("reason").isEqualTo("llm invalid reply");
  }
}
