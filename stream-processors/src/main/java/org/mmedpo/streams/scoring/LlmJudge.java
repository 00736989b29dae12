package org.mmedpo.streams.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.OptionalDouble;
import org.mmedpo.events.ItemType;
import org.mmedpo.streams.llm.ChatCompletionsClient;
import org.mmedpo.streams.llm.ChatCompletionsClient.Message;
import org.mmedpo.streams.llm.InvalidReplyException;
import org.mmedpo.streams.llm.JsonReplies;

/**
 * A medical LLM behind an OpenAI-compatible endpoint as a judge (the paper uses Llama3-Med42-7B,
 * Llama3-Med42-70B and BioMistral-7B). A rubric prompt asks for a 0-10 score as JSON; in the
 * consensus protocol the prompt also shows the previous score and asks to agree or give one's own.
 * Replies without a number in [0, 10] are retried; the score is divided by 10.
 */
public final class LlmJudge implements ClinicalJudge {

  static final String RUBRIC = String.join("\n",
      "You are a senior radiologist grading errors in answers written by a medical AI.",
      "You see a question (or report instruction), the correct answer and a candidate answer that",
      "contains an error. Score how clinically relevant the candidate's error is, from 0 to 10:",
      "10 = a plausible error that would change patient management (a missed pneumothorax, a wrong",
      "side, a missed fracture or haemorrhage);",
      "7 = a plausible error of moderate consequence (wrong size or location of a real finding);",
      "4 = a plausible error of little consequence (an incidental finding, a technical detail);",
      "1 = a trivial or cosmetic difference;",
      "0 = no error, or a statement so absurd that no clinician would believe it.",
      "Judge plausibility as well as significance: an error nobody would make scores low.",
      "Reply with JSON only: {\"score\": <integer 0-10>, \"agree\": <true|false>, \"rationale\": \"<one sentence>\"}");

  private final String name;
  private final ChatCompletionsClient client;

  public LlmJudge(String name, ChatCompletionsClient client) {
    this.name = name;
    this.client = client;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Verdict judge(JudgeRequest request, OptionalDouble shown) {
    List<Message> messages = List.of(Message.system(RUBRIC), Message.user(prompt(request, shown)));
    return client.complete(messages, request.deadline(), content -> parse(content, shown));
  }

  static String prompt(JudgeRequest request, OptionalDouble shown) {
    String kind = request.itemType() == ItemType.REPORT ? "Report instruction" : "Question";
    StringBuilder p = new StringBuilder()
        .append(kind).append(": ").append(request.prompt()).append('\n')
        .append("Correct answer: ").append(request.chosen()).append('\n')
        .append("Candidate answer: ").append(request.rejected()).append('\n');
    if (shown.isPresent()) {
      long tenths = Math.round(shown.getAsDouble() * 10);
      p.append("\nAnother radiologist scored this error ").append(tenths).append("/10. ")
          .append("If you agree, reply with \"agree\": true and \"score\": ").append(tenths)
          .append("; otherwise reply with \"agree\": false and your own score.");
    } else {
      p.append("\nReply with \"agree\": false and your score.");
    }
    return p.toString();
  }

  static Verdict parse(String content, OptionalDouble shown) throws InvalidReplyException {
    JsonNode json = JsonReplies.object(content);
    JsonNode score = json.path("score");
    if (!score.isNumber() && !(score.isTextual() && score.asText().strip().matches("\\d+(\\.\\d+)?"))) {
      throw new InvalidReplyException("reply has no numeric \"score\"");
    }
    double value = score.isNumber() ? score.asDouble() : Double.parseDouble(score.asText().strip());
    if (!(value >= 0 && value <= 10)) {
      throw new InvalidReplyException("score " + value + " outside [0, 10]");
    }
    boolean agreed = shown.isPresent() && json.path("agree").asBoolean(false);
    String rationale = json.path("rationale").asText("");
    return new Verdict(agreed ? shown.getAsDouble() : value / 10.0, agreed, rationale);
  }
}
