package dev.tribunal.jobs.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tribunal.schemas.Message;
import dev.tribunal.schemas.PromptRow;
import dev.tribunal.schemas.RejectReason;
import dev.tribunal.schemas.RejectedRow;
import java.io.Serializable;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns one input record into a prompt or a rejection with its reason and place. Accepted shapes:
 * {"prompt": "..."} or {"messages": [{"role": "user", "content": "..."}]}, with an optional "id"
 * (string or integer) and an optional "metadata" object of plain values. Without an id, the id is
 * a hash of the prompt, so the same prompt twice is caught as a duplicate. Another field can stand
 * for "prompt" (e.g. "instruction"), so corpora that name it otherwise import as they are.
 */
public final class PromptLineParser implements Serializable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> ROLES = Set.of("system", "user", "assistant");
  static final String STAGE = "import";
  public static final String PROMPT_FIELD = "prompt";

  private final int maxChars;
  private final String promptField;

  public PromptLineParser(int maxChars) {
    this(maxChars, PROMPT_FIELD);
  }

  /** @param promptField the field that holds a text prompt */
  public PromptLineParser(int maxChars, String promptField) {
    this.maxChars = maxChars;
    this.promptField = promptField;
  }

  /** Either a prompt or a rejection: exactly one is non-null. */
  public record Parsed(PromptRow prompt, RejectedRow rejected) implements Serializable {}

  public Parsed parse(String source, long line, byte[] bytes, int length) {
    String text;
    try {
      text = ImportRows.utf8(bytes, length);
    } catch (CharacterCodingException e) {
      String lossy = new String(bytes, 0, length, StandardCharsets.UTF_8);
      return reject(source, line, RejectReason.INVALID_UTF8, "the line is not valid UTF-8", lossy);
    }
    return parse(source, line, text);
  }

  public Parsed parse(String source, long line, String text) {
    try {
      return accept(source, line, text);
    } catch (Bad bad) {
      return reject(source, line, bad.reason, bad.getMessage(), text);
    }
  }

  private Parsed accept(String source, long line, String text) throws Bad {
    JsonNode node = readObject(text);
    String prompt = optionalText(node, promptField);
    List<Message> messages = messages(node.get("messages"));
    if (prompt != null && messages != null) {
      throw new Bad(RejectReason.INVALID_FIELD, "give either '" + promptField + "' or 'messages', not both");
    }
    if (prompt == null && messages == null) {
      throw new Bad(RejectReason.MISSING_PROMPT, "no '" + promptField + "' or 'messages' field");
    }
    int chars = prompt != null ? prompt.length()
        : messages.stream().mapToInt(m -> m.content().length()).sum();
    boolean blank = prompt != null ? prompt.isBlank()
        : messages.stream().allMatch(m -> m.content().isBlank());
    if (blank) throw new Bad(RejectReason.EMPTY_PROMPT, "the prompt is empty");
    if (chars > maxChars) {
      throw new Bad(RejectReason.TOO_LONG, "the prompt has " + chars + " characters; the limit is "
          + maxChars + " (input.max_prompt_chars)");
    }
    String id = id(node, prompt, messages);
    return new Parsed(new PromptRow(id, prompt, messages, source, line, metadata(node)), null);
  }

  private static JsonNode readObject(String text) throws Bad {
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new Bad(RejectReason.INVALID_JSON, "invalid JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new Bad(RejectReason.INVALID_JSON, "expected a JSON object");
    }
    return node;
  }

  private static String optionalText(JsonNode node, String field) throws Bad {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) return null;
    if (!v.isTextual()) throw new Bad(RejectReason.INVALID_FIELD, "'" + field + "' must be a string");
    return v.textValue();
  }

  private static List<Message> messages(JsonNode v) throws Bad {
    if (v == null || v.isNull()) return null;
    if (!v.isArray() || v.isEmpty()) {
      throw new Bad(RejectReason.INVALID_FIELD, "'messages' must be a non-empty list");
    }
    List<Message> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      JsonNode m = v.get(i);
      String where = "messages[" + i + "]";
      if (!m.isObject()) throw new Bad(RejectReason.INVALID_FIELD, where + " must be an object");
      JsonNode role = m.get("role");
      JsonNode content = m.get("content");
      if (role == null || content == null) {
        throw new Bad(RejectReason.MISSING_FIELD, where + " needs 'role' and 'content'");
      }
      if (!role.isTextual() || !ROLES.contains(role.textValue())) {
        throw new Bad(RejectReason.INVALID_FIELD, where + ".role must be one of " + new java.util.TreeSet<>(ROLES));
      }
      if (!content.isTextual()) throw new Bad(RejectReason.INVALID_FIELD, where + ".content must be a string");
      out.add(new Message(role.textValue(), content.textValue()));
    }
    return out;
  }

  private static String id(JsonNode node, String prompt, List<Message> messages) throws Bad {
    JsonNode v = node.has("id") ? node.get("id") : node.get("prompt_id");
    if (v == null || v.isNull()) return dev.tribunal.schemas.Ids.promptId(canonical(prompt, messages));
    if (v.isTextual() && !v.textValue().isBlank()) return v.textValue();
    if (v.isIntegralNumber()) return v.asText();
    throw new Bad(RejectReason.INVALID_FIELD, "'id' must be a non-empty string or an integer");
  }

  /** Text and chat prompts hash apart even when their words agree. */
  private static String canonical(String prompt, List<Message> messages) {
    if (prompt != null) return "text\u0000" + prompt;
    StringBuilder sb = new StringBuilder("chat");
    for (Message m : messages) sb.append('\u0000').append(m.role()).append('\u0001').append(m.content());
    return sb.toString();
  }

  private static Map<String, String> metadata(JsonNode node) throws Bad {
    JsonNode v = node.get("metadata");
    Map<String, String> out = new TreeMap<>();
    if (v == null || v.isNull()) return out;
    if (!v.isObject()) throw new Bad(RejectReason.INVALID_FIELD, "'metadata' must be an object");
    for (var it = v.fields(); it.hasNext(); ) {
      var e = it.next();
      if (e.getValue().isContainerNode()) {
        throw new Bad(RejectReason.INVALID_FIELD, "metadata." + e.getKey() + " must be a plain value");
      }
      out.put(e.getKey(), e.getValue().asText());
    }
    return out;
  }

  private static Parsed reject(String source, long line, RejectReason reason, String detail, String raw) {
    return new Parsed(null, new RejectedRow(source, line, reason, detail, raw, STAGE));
  }

  /** A rejection found while parsing; checked so that every path names its reason. */
  private static final class Bad extends Exception {
    final RejectReason reason;

    Bad(RejectReason reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }
  }
}
