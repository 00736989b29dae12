package org.mmedpo.streams.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mmedpo.streams.testing.ScriptedHttpServer.Reply.ok;
import static org.mmedpo.streams.testing.ScriptedHttpServer.Reply.status;
import static org.mmedpo.streams.testing.ScriptedHttpServer.chat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mmedpo.streams.llm.ChatCompletionsClient.Message;
import org.mmedpo.streams.testing.ScriptedHttpServer;

class ChatCompletionsClientTest {

  private static final java.net.http.HttpClient HTTP = ResilientHttp.newClient(Duration.ofSeconds(2));
  private final ScriptedHttpServer server = new ScriptedHttpServer();

  @AfterEach
  void stop() {
    server.close();
  }

  private ChatCompletionsClient client(Duration timeout, int retries, double rate) {
    var endpoint = new ChatCompletionsClient.Endpoint("test", server.uri("/v1"), "med-model", "secret",
        0.2, 256, new ResilientHttp.Policy(timeout, retries, Duration.ofMillis(10), rate));
    return new ChatCompletionsClient(endpoint, HTTP);
  }

  private static String text(String content) throws InvalidReplyException {
    return JsonReplies.object(content).path("answer").asText();
  }

  @Test
  void shouldPostMessagesAndReturnTheValidatedContent() throws Exception {
    server.then(ok(chat("Sure: ```json\n{\"answer\": \"42\"}\n```")));
    String answer = client(Duration.ofSeconds(2), 0, 0).complete(
        List.of(Message.system("rules"), Message.user("question")), Deadline.in(Duration.ofSeconds(5)),
        ChatCompletionsClientTest::text);
    assertThat(answer).isEqualTo("42");
    ScriptedHttpServer.Request request = server.requests().get(0);
    assertThat(request.path()).isEqualTo("/v1/chat/completions");
    assertThat(request.headers().get("Authorization")).containsExactly("Bearer secret");
    JsonNode body = JsonReplies.body(request.body());
    assertThat(body.path("model").asText()).isEqualTo("med-model");
    assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("system");
    assertThat(body.path("messages").get(1).path("content").asText()).isEqualTo("question");
  }

  @Test
  void shouldRetryServerErrorsAndRateLimitReplies() {
    server.then(status(500, "{\"error\":\"boom\"}"), status(429, "{}").withHeader("Retry-After", "0"),
        ok(chat("{\"answer\": \"ok\"}")));
    String answer = client(Duration.ofSeconds(2), 3, 0).complete(List.of(Message.user("q")),
        Deadline.in(Duration.ofSeconds(5)), ChatCompletionsClientTest::text);
    assertThat(answer).isEqualTo("ok");
    assertThat(server.calls()).isEqualTo(3);
  }

  @Test
  void shouldFailAtOnceOnAClientError() {
    server.then(status(401, "{\"error\":\"bad key\"}"));
    assertThatThrownBy(() -> client(Duration.ofSeconds(2), 3, 0).complete(List.of(Message.user("q")),
        Deadline.in(Duration.ofSeconds(5)), ChatCompletionsClientTest::text))
        .isInstanceOf(ExternalCallException.class).extracting("reason").isEqualTo("llm http 401");
    assertThat(server.calls()).isEqualTo(1);
  }

  @Test
  void shouldTimeOutASlowReplyAndRetry() {
    server.then(ok(chat("{\"answer\": \"late\"}")).delayed(3000), ok(chat("{\"answer\": \"fast\"}")));
    long start = System.nanoTime();
    String answer = client(Duration.ofMillis(300), 2, 0).complete(List.of(Message.user("q")),
        Deadline.in(Duration.ofSeconds(5)), ChatCompletionsClientTest::text);
    assertThat(answer).isEqualTo("fast");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
  }

  @Test
  void shouldRetryMalformedRepliesThenGiveUpWithAReason() {
    server.then(ok("this is not json"), ok(chat("no json object here")), ok("{\"choices\":[]}"));
    assertThatThrownBy(() -> client(Duration.ofSeconds(2), 2, 0).complete(List.of(Message.user("q")),
        Deadline.in(Duration.ofSeconds(5)), ChatCompletionsClientTest::text))
        .isInstanceOf(ExternalCallException.class).extracting("reason").isEqualTo("llm invalid reply");
    assertThat(server.calls()).isEqualTo(3);
  }

  @Test
  void shouldNeverRunPastTheRecordDeadline() {
    server.then(ok(chat("{\"answer\": \"warm\"}")), ok(chat("{\"answer\": \"late\"}")).delayed(5000));
    // The first call of a JVM initializes the HTTP stack; the bound below is about the retries.
    client(Duration.ofSeconds(5), 0, 0).complete(List.of(Message.user("q")), Deadline.in(Duration.ofSeconds(5)),
        ChatCompletionsClientTest::text);
    ChatCompletionsClient client = client(Duration.ofMillis(400), 50, 0);
    long start = System.nanoTime();
    assertThatThrownBy(() -> client.complete(List.of(Message.user("q")),
        Deadline.in(Duration.ofMillis(900)), ChatCompletionsClientTest::text))
        .isInstanceOf(ExternalCallException.class).extracting("reason").isEqualTo("llm timeout");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2000));
    assertThat(server.calls()).isLessThanOrEqualTo(4);
  }

  @Test
  void shouldSpaceCallsByTheRateLimit() {
    server.then(ok(chat("{\"answer\": \"ok\"}")));
    ChatCompletionsClient client = client(Duration.ofSeconds(2), 0, 10);
    long start = System.nanoTime();
    for (int i = 0; i < 4; i++) {
      client.complete(List.of(Message.user("q")), Deadline.in(Duration.ofSeconds(5)), ChatCompletionsClientTest::text);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(290));
  }

  @Test
  void shouldRefuseARateLimitWaitLongerThanTheDeadline() {
    RateLimiter limiter = new RateLimiter(0.5);
    limiter.acquire(Deadline.in(Duration.ofSeconds(1)), "llm");
    assertThatThrownBy(() -> limiter.acquire(Deadline.in(Duration.ofMillis(100)), "llm"))
        .isInstanceOf(ExternalCallException.class).extracting("reason").isEqualTo("llm rate limit");
  }
}
