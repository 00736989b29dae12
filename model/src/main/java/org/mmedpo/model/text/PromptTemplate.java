package org.mmedpo.model.text;

import java.util.Arrays;

/**
 * The vicuna_v1 conversation template of LLaVA-Med, {@code USER: <image>\n{question} ASSISTANT:
 * {answer}</s>}, as token ids. The system sentence is left out: it is the same for every sample
 * and a model trained from scratch gains nothing from it. The {@code <image>} token is always
 * the second token; the model replaces it by the image tokens.
 */
public final class PromptTemplate {

  /** Index of the {@code <image>} token in every encoded sequence. */
  public static final int IMAGE_POSITION = 1;

  private PromptTemplate() {}

  /**
   * A prompt and response as one token sequence.
   *
   * @param tokens {@code USER: <image> prompt... ASSISTANT: response... </s>}
   * @param responseStart index of the first response token (the token after {@code ASSISTANT:})
   */
  public record Encoded(int[] tokens, int responseStart) {
    public int responseLength() {
      return tokens.length - responseStart;
    }
  }

  /** Tokens of the prompt alone, ending with {@code ASSISTANT:}: the input of generation. */
  public static int[] prompt(Tokenizer tokenizer, String prompt, int maxTokens) {
    int[] question = tokenizer.encode(prompt);
    int room = Math.max(0, maxTokens - 4);
    if (question.length > room) {
      question = Arrays.copyOf(question, room);
    }
    int[] out = new int[question.length + 3];
    out[0] = tokenizer.userId();
    out[1] = tokenizer.imageId();
    System.arraycopy(question, 0, out, 2, question.length);
    out[out.length - 1] = tokenizer.assistantId();
    return out;
  }

  /**
   * Prompt and response with {@code </s>}, cut to {@code maxTokens}: the prompt keeps room for at
   * least one response token, and a cut response loses its tail (and its {@code </s>}).
   */
  public static Encoded encode(Tokenizer tokenizer, String prompt, String response, int maxTokens) {
    int[] head = prompt(tokenizer, prompt, maxTokens);
    int[] answer = tokenizer.encode(response);
    int[] body = Arrays.copyOf(answer, answer.length + 1);
    body[answer.length] = tokenizer.eosId();
    int room = maxTokens - head.length;
    if (body.length > room) {
      body = Arrays.copyOf(body, room);
    }
    int[] all = Arrays.copyOf(head, head.length + body.length);
    System.arraycopy(body, 0, all, head.length, body.length);
    return new Encoded(all, head.length);
  }
}
