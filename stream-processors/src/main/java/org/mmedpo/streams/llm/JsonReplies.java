package org.mmedpo.streams.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads the JSON object a model was asked to reply with. Models often wrap it in a Markdown code
 * fence or add a sentence around it, so the first balanced {...} is taken.
 */
public final class JsonReplies {

  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonReplies() {}

  /** The first JSON object in {@code content}. */
  public static JsonNode object(String content) throws InvalidReplyException {
    if (content == null) {
      throw new InvalidReplyException("empty reply");
    }
    int start = content.indexOf('{');
    if (start < 0) {
      throw new InvalidReplyException("no JSON object in reply: " + abbreviate(content));
    }
    int depth = 0;
    boolean inString = false;
    for (int i = start; i < content.length(); i++) {
      char ch = content.charAt(i);
      if (inString) {
        if (ch == '\\') {
          i++;
        } else if (ch == '"') {
          inString = false;
        }
      } else if (ch == '"') {
        inString = true;
      } else if (ch == '{') {
        depth++;
      } else if (ch == '}' && --depth == 0) {
        try {
          return JSON.readTree(content.substring(start, i + 1));
        } catch (JsonProcessingException e) {
          throw new InvalidReplyException("malformed JSON in reply: " + e.getOriginalMessage(), e);
        }
      }
    }
    throw new InvalidReplyException("unterminated JSON object in reply: " + abbreviate(content));
  }

  /** Parses a whole reply body as JSON. */
  public static JsonNode body(String body) throws InvalidReplyException {
    try {
      JsonNode node = JSON.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw new InvalidReplyException("empty reply body");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new InvalidReplyException("malformed JSON body: " + e.getOriginalMessage(), e);
    }
  }

  public static ObjectMapper mapper() {
    return JSON;
  }

  static String abbreviate(String s) {
    String t = s.replaceAll("\\s+", " ");
    return t.length() > 160 ? t.substring(0, 160) + "..." : t;
  }
}
