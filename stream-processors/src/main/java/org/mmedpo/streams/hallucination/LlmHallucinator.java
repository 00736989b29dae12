package org.mmedpo.streams.hallucination;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.mmedpo.events.ItemType;
import org.mmedpo.events.Operation;
import org.mmedpo.streams.llm.ChatCompletionsClient;
import org.mmedpo.streams.llm.ChatCompletionsClient.Message;
import org.mmedpo.streams.llm.ExternalCallException;
import org.mmedpo.streams.llm.InvalidReplyException;
import org.mmedpo.streams.llm.JsonReplies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks an OpenAI-compatible model (GPT-4o as in the paper, or a Med-LLM served by vLLM or Ollama)
 * to rewrite the ground truth into a medically wrong but plausible version, with our own prompt.
 * The reply must be JSON {@code {"rejected": ..., "error": ...}}; it is rejected (and the call
 * retried) when it is empty, a refusal, equal to the ground truth, far too long, or, for a yes/no
 * question, not the opposite answer. When the endpoint fails for good, the item goes to the
 * fallback hallucinator when one is configured, otherwise the failure goes to the dead-letter
 * topic.
 */
public final class LlmHallucinator implements Hallucinator {

  private static final Logger LOG = LoggerFactory.getLogger(LlmHallucinator.class);
  private static final Pattern REFUSAL = Pattern.compile(
      "(?i)\\b(i cannot|i can't|i'm sorry|i am sorry|as an ai|i am unable|i'm unable|cannot assist)\\b");

  static final String SYSTEM_PROMPT = String.join("\n",
      "You help build training data that teaches medical vision-language models to avoid clinically",
      "dangerous mistakes. You are shown a radiology question with its correct answer, or a correct",
      "radiology report. Write ONE alternative that is medically wrong but plausible: what a careless",
      "reader of the image could confidently write. Make one clinically meaningful error: a wrong",
      "interpretation of the image (a missed or invented finding, the wrong side or location, the",
      "wrong size or severity), a misleading description of the condition, or a wrong diagnosis.",
      "Keep the style of a radiologist. For a yes/no question, answer the opposite and justify it in",
      "one sentence. For a report, keep its structure and change one or two important findings, and",
      "keep the impression consistent with your findings.",
      "Reply with JSON only: {\"rejected\": \"<the wrong text>\", \"error\": \"<what is wrong, in a few words>\"}");

  private final ChatCompletionsClient client;
  private final Hallucinator fallback;

  /**
   * @param fallback used when the endpoint fails for good; null to fail the item instead
   */
  public LlmHallucinator(ChatCompletionsClient client, Hallucinator fallback) {
    this.client = client;
    this.fallback = fallback;
  }

  @Override
  public String name() {
    return "llm:" + client.endpoint().name();
  }

  @Override
  public String version() {
    return client.endpoint().model();
  }

  @Override
  public HallucinatedText hallucinate(HallucinationRequest request) {
    List<Message> messages = List.of(Message.system(SYSTEM_PROMPT), Message.user(userPrompt(request)));
    try {
      Reply reply = client.complete(messages, request.deadline(), content -> validate(content, request));
      Operation op = Operation.newBuilder().setName(OperationNames.LLM_REWRITE).setFinding(null)
          .setBefore(request.chosen()).setAfter(reply.error()).build();
      return new HallucinatedText(reply.rejected(), List.of(op), name(), version());
    } catch (ExternalCallException e) {
      if (fallback == null) {
        throw e;
      }
      LOG.warn("{} failed ({}), using {} for this item", name(), e.reason(), fallback.name());
      return fallback.hallucinate(request);
    }
  }

  /** A validated reply. */
  record Reply(String rejected, String error) {}

  static String userPrompt(HallucinationRequest request) {
    if (request.itemType() == ItemType.REPORT) {
      return "Imaging: " + describe(request) + "\nCorrect report:\n" + request.chosen()
          + "\n\nWrite the wrong report.";
    }
    return "Imaging: " + describe(request) + "\nQuestion: " + request.prompt()
        + "\nCorrect answer: " + request.chosen() + "\n\nWrite the wrong answer.";
  }

  private static String describe(HallucinationRequest request) {
    return request.imageNoun() + (request.bodyPart() == null ? "" : " of the " + request.bodyPart().toLowerCase(Locale.ROOT));
  }

  static Reply validate(String content, HallucinationRequest request) throws InvalidReplyException {
    JsonNode json = JsonReplies.object(content);
    JsonNode rejected = json.path("rejected");
    if (!rejected.isTextual() || rejected.asText().isBlank()) {
      throw new InvalidReplyException("reply has no \"rejected\" text");
    }
    String text = rejected.asText().strip();
    if (REFUSAL.matcher(text).find()) {
      throw new InvalidReplyException("reply is a refusal");
    }
    if (normalize(text).equals(normalize(request.chosen()))) {
      throw new InvalidReplyException("reply repeats the ground truth");
    }
    int limit = 4 * request.chosen().length() + 600;
    if (text.length() > limit) {
      throw new InvalidReplyException("reply is " + text.length() + " characters, more than " + limit);
    }
    var truth = VqaAnswerWriter.polarity(request.chosen());
    var claim = VqaAnswerWriter.polarity(text);
    if (request.itemType() != ItemType.REPORT && truth.isPresent() && claim.isPresent()
        && truth.get().equals(claim.get())) {
      throw new InvalidReplyException("reply gives the correct yes/no answer");
    }
    return new Reply(text, json.path("error").asText(""));
  }

  private static String normalize(String s) {
    return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", " ").strip();
  }
}
