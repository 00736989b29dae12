package org.mmedpo.streams.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mmedpo.streams.testing.ScriptedHttpServer.Reply.ok;
import static org.mmedpo.streams.testing.ScriptedHttpServer.Reply.status;
import static org.mmedpo.streams.testing.ScriptedHttpServer.chat;

import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mmedpo.events.ConsensusRound;
import org.mmedpo.events.ItemType;
import org.mmedpo.streams.llm.ChatCompletionsClient;
import org.mmedpo.streams.llm.Deadline;
import org.mmedpo.streams.llm.ExternalCallException;
import org.mmedpo.streams.llm.JsonReplies;
import org.mmedpo.streams.llm.ResilientHttp;
import org.mmedpo.streams.radiology.RadiologyLexicon;
import org.mmedpo.streams.testing.ScriptedHttpServer;

class LlmJudgeAndConsensusTest {

  private static final java.net.http.HttpClient HTTP = ResilientHttp.newClient(Duration.ofSeconds(2));
  private final ScriptedHttpServer med42 = new ScriptedHttpServer();
  private final ScriptedHttpServer biomistral = new ScriptedHttpServer();

  @AfterEach
  void stop() {
    med42.close();
    biomistral.close();
  }

  private static LlmJudge judge(String name, ScriptedHttpServer server) {
    var endpoint = new ChatCompletionsClient.Endpoint(name, server.uri("/v1"), name, "", 0.0, 256,
        new ResilientHttp.Policy(Duration.ofSeconds(2), 2, Duration.ofMillis(5), 0));
    return new LlmJudge(name, new ChatCompletionsClient(endpoint, HTTP));
  }

  private static JudgeRequest request() {
    return new JudgeRequest(ItemType.VQA_CLOSED, "Is there a pneumothorax?", "Yes",
        "No, there is no pneumothorax.", List.of(), Deadline.in(Duration.ofSeconds(10)));
  }

  private static String score(int score, boolean agree) {
    return chat("{\"score\": " + score + ", \"agree\": " + agree + ", \"rationale\": \"r" + score + "\"}");
  }

  @Test
  void shouldParseARubricScoreAndShowThePreviousOne() throws Exception {
    med42.then(ok(score(9, false)), ok(score(9, true)));
    LlmJudge judge = judge("med42", med42);
    assertThat(judge.judge(request(), OptionalDouble.empty()).score()).isEqualTo(0.9);
    Verdict agreed = judge.judge(request(), OptionalDouble.of(0.8));
    assertThat(agreed.agreed()).isTrue();
    assertThat(agreed.score()).isEqualTo(0.8);
    String prompt = JsonReplies.body(med42.requests().get(1).body()).path("messages").get(1).path("content").asText();
    assertThat(prompt).contains("scored this error 8/10");
  }

  @Test
  void shouldRetryScoresOutsideTheRubricAndMalformedReplies() {
    med42.then(ok(score(15, false)), ok(chat("nine out of ten")), ok(score(7, false)));
    assertThat(judge("med42", med42).judge(request(), OptionalDouble.empty()).score()).isEqualTo(0.7);
    assertThat(med42.calls()).isEqualTo(3);
  }

  @Test
  void shouldReachConsensusWhenTheNextJudgeAgrees() {
    med42.then(ok(score(9, false)));
    biomistral.then(ok(score(9, true)));
    ConsensusProtocol.Outcome outcome = new ConsensusProtocol(
        List.of(judge("med42", med42), judge("biomistral", biomistral)), 5, false).run(request());
    assertThat(outcome.consensus()).isTrue();
    assertThat(outcome.score()).isEqualTo(0.9);
    assertThat(outcome.rounds()).hasSize(1);
    assertThat(outcome.rounds().get(0).getJudgements()).extracting("judge").containsExactly("med42", "biomistral");
  }

  @Test
  void shouldTakeTheMeanOfEveryScoreWithoutConsensusAfterFiveRounds() {
    med42.then(ok(score(9, false)));
    biomistral.then(ok(score(5, false)));
    ConsensusProtocol.Outcome outcome = new ConsensusProtocol(
        List.of(judge("med42", med42), judge("biomistral", biomistral)), 5, false).run(request());
    assertThat(outcome.consensus()).isFalse();
    assertThat(outcome.rounds()).hasSize(5).extracting(ConsensusRound::getRound).containsExactly(1, 2, 3, 4, 5);
    assertThat(outcome.score()).isEqualTo(0.7, org.assertj.core.api.Assertions.within(1e-9));
  }

  @Test
  void shouldAgreeInALaterRound() {
    // Round 1: A 9, B says 5. Round 2: A sees 5 and agrees, B sees 5 and agrees: consensus on 0.5.
    med42.then(ok(score(9, false)), ok(score(5, true)));
    biomistral.then(ok(score(5, false)), ok(score(5, true)));
    ConsensusProtocol.Outcome outcome = new ConsensusProtocol(
        List.of(judge("med42", med42), judge("biomistral", biomistral)), 5, false).run(request());
    assertThat(outcome.consensus()).isTrue();
    assertThat(outcome.rounds()).hasSize(2);
    assertThat(outcome.score()).isEqualTo(0.5);
  }

  @Test
  void shouldMixTheRuleJudgeWithModelJudges() {
    med42.then(ok(score(10, true)));
    ClinicalRuleJudge rules = new ClinicalRuleJudge(RadiologyLexicon.standard(), 0.1);
    ConsensusProtocol.Outcome outcome = new ConsensusProtocol(List.of(rules, judge("med42", med42)), 5, false)
        .run(request());
    assertThat(outcome.consensus()).isTrue();
    assertThat(outcome.score()).isEqualTo(1.0);
  }

  @Test
  void shouldFailOrSkipAFailingJudgeAsConfigured() {
    med42.then(ok(score(8, false)));
    biomistral.then(status(503, "{}"));
    List<ClinicalJudge> judges = List.of(judge("med42", med42), judge("biomistral", biomistral));
    assertThatThrownBy(() -> new ConsensusProtocol(judges, 5, false).run(request()))
        .isInstanceOf(ExternalCallException.class).extracting("reason").isEqualTo("llm http 503");
    ConsensusProtocol.Outcome skipped = new ConsensusProtocol(judges, 5, true).run(request());
    assertThat(skipped.score()).isEqualTo(0.8);
    assertThat(skipped.consensus()).isTrue();
  }
}
