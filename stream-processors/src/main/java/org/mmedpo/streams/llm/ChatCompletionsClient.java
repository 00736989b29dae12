package org.mmedpo.streams.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A client of the OpenAI chat-completions API ({@code POST <base>/chat/completions}), which OpenAI
 * (GPT-4o), vLLM, Ollama ({@code http://host:11434/v1}), llama.cpp and most gateways serve. It
 * sends the messages, takes {@code choices[0].message.content}, and hands it to a validator;
 * replies the validator rejects are retried like server errors. Thread-safe.
 */
public final class ChatCompletionsClient {

  /** One chat message. */
  public record Message(String role, String content) {

    public static Message system(String content) {
      return new Message("system", content);
    }

    public static Message user(String content) {
      return new Message("user", content);
    }
  }

  /**
   * An endpoint.
   *
   * @param name short name, for reasons and generator names (e.g. {@code gpt-4o}, {@code med42-70b})
   * @param baseUrl API root, e.g. {@code https://api.openai.com/v1} or {@code http://gpu1:8000/v1}
   * @param model model name sent in the request
   * @param apiKey bearer token, empty for none
   * @param temperature sampling temperature
   * @param maxTokens most tokens of the reply
   * @param policy timeouts, retries and rate limit
   */
  public record Endpoint(String name, URI baseUrl, String model, String apiKey, double temperature,
      int maxTokens, ResilientHttp.Policy policy) {}

  private final Endpoint endpoint;
  private final ResilientHttp http;
  private final URI uri;

  public ChatCompletionsClient(Endpoint endpoint, HttpClient client) {
    this.endpoint = endpoint;
    this.http = new ResilientHttp("llm", client, endpoint.policy());
    String base = endpoint.baseUrl().toString();
    this.uri = URI.create(base.endsWith("/") ? base + "chat/completions" : base + "/chat/completions");
  }

  public Endpoint endpoint() {
    return endpoint;
  }

  /**
   * Sends {@code messages} and returns the validated reply.
   *
   * @throws ExternalCallException when no valid reply comes within the retries and the deadline
   */
  public <T> T complete(List<Message> messages, Deadline deadline, ResilientHttp.ReplyParser<T> validator) {
    ObjectNode body = JsonReplies.mapper().createObjectNode();
    body.put("model", endpoint.model());
    body.put("temperature", endpoint.temperature());
    body.put("max_tokens", endpoint.maxTokens());
    body.put("stream", false);
    ArrayNode array = body.putArray("messages");
    for (Message m : messages) {
      array.addObject().put("role", m.role()).put("content", m.content());
    }
    Map<String, String> headers = new HashMap<>();
    if (endpoint.apiKey() != null && !endpoint.apiKey().isBlank()) {
      headers.put("Authorization", "Bearer " + endpoint.apiKey());
    }
    return http.postJson(uri, body.toString(), headers, deadline,
        reply -> validator.parse(content(reply)));
  }

  /** {@code choices[0].message.content} of a chat-completions reply body. */
  static String content(String reply) throws InvalidReplyException {
    JsonNode root = JsonReplies.body(reply);
    JsonNode content = root.path("choices").path(0).path("message").path("content");
    if (!content.isTextual() || content.asText().isBlank()) {
      throw new InvalidReplyException("reply has no choices[0].message.content");
    }
    return content.asText();
  }
}
