package dev.tribunal.worker.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tribunal.worker.Completion;
import dev.tribunal.worker.FinishReason;
import dev.tribunal.worker.ScoreResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads OpenAI-format replies into worker results; a reply missing what was asked for is an error. */
final class Replies {
  private static final Pattern TOKEN_ID = Pattern.compile("token_id:(\\d+)");

  private Replies() {}

  /** Thrown for a well-formed HTTP answer whose content is not what the request asked for. */
  static final class MalformedReply extends RuntimeException {
    MalformedReply(String message) {
      super(message);
    }
  }

  static List<Completion> completions(JsonNode reply, boolean chat, int n, boolean logprobs) {
    List<JsonNode> choices = choices(reply);
    if (choices.size() != n) {
      throw new MalformedReply("asked for n=" + n + " completions, got " + choices.size());
    }
    List<Completion> out = new ArrayList<>(n);
    for (JsonNode choice : choices) {
      out.add(chat ? chatCompletion(choice, logprobs) : textCompletion(choice, logprobs));
    }
    return out;
  }

  private static Completion textCompletion(JsonNode choice, boolean logprobs) {
    String text = requireText(choice.path("text"), "choices[].text");
    if (!logprobs) return new Completion(text, null, finish(choice), null);
    JsonNode lp = choice.path("logprobs");
    float[] values = floats(lp.path("token_logprobs"), "choices[].logprobs.token_logprobs");
    return new Completion(text, tokenIds(lp.path("tokens")), finish(choice), values);
  }

  private static Completion chatCompletion(JsonNode choice, boolean logprobs) {
    String text = requireText(choice.path("message").path("content"), "choices[].message.content");
    if (!logprobs) return new Completion(text, null, finish(choice), null);
    JsonNode content = choice.path("logprobs").path("content");
    if (!content.isArray()) throw new MalformedReply("logprobs were asked for but choices[].logprobs.content is missing");
    float[] values = new float[content.size()];
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) number(content.get(i).path("logprob"), "choices[].logprobs.content[" + i + "].logprob");
      tokens.add(content.get(i).path("token").asText(""));
    }
    return new Completion(text, tokenIds(tokens), finish(choice), values);
  }

  /**
   * The continuation's log-probs from an echo of [prompt, prompt + continuation]. The boundary is
   * counted in token space, as {@link dev.tribunal.worker.ScoreRequest} defines it: the tokens of
   * prompt + continuation past as many tokens as the prompt alone has. Text offsets are not used:
   * servers disagree on the offsets of special tokens (BOS), and ours reports none. When the
   * server had to generate one token (max_tokens 1), that last entry is dropped first.
   */
  static ScoreResult score(JsonNode reply, int generated) {
    List<JsonNode> choices = choices(reply);
    if (choices.size() != 2) throw new MalformedReply("an echo of 2 prompts came back with " + choices.size() + " choices");
    JsonNode promptOnly = echoed(choices.get(0));
    JsonNode full = echoed(choices.get(1));
    int a = promptOnly.size() - generated;
    int b = full.size() - generated;
    if (a < 0 || b < a) {
      throw new MalformedReply("echo counted " + a + " prompt tokens but " + b + " prompt+continuation tokens");
    }
    float[] values = new float[b - a];
    double sum = 0;
    for (int i = a; i < b; i++) {
      values[i - a] = (float) number(full.get(i), "continuation token " + (i - a) + " log-prob");
      sum += values[i - a];
    }
    return new ScoreResult(values, sum);
  }

  /** Token text to log-prob at the first generated position; the best value where a text repeats. */
  static Map<String, Double> firstTopLogprobs(JsonNode reply, boolean chat) {
    JsonNode choice = choices(reply).get(0);
    Map<String, Double> out = new HashMap<>();
    if (chat) {
      JsonNode top = choice.path("logprobs").path("content").path(0).path("top_logprobs");
      if (!top.isArray()) throw new MalformedReply("top_logprobs were asked for but logprobs.content[0].top_logprobs is missing");
      top.forEach(t -> out.merge(t.path("token").asText(), number(t.path("logprob"), "top_logprobs[].logprob"), Math::max));
    } else {
      JsonNode top = choice.path("logprobs").path("top_logprobs").path(0);
      if (!top.isObject()) throw new MalformedReply("logprobs were asked for but logprobs.top_logprobs[0] is missing");
      top.fields().forEachRemaining(e -> out.merge(e.getKey(), number(e.getValue(), "top_logprobs[0]." + e.getKey()), Math::max));
    }
    return out;
  }

  private static JsonNode echoed(JsonNode choice) {
    JsonNode values = choice.path("logprobs").path("token_logprobs");
    if (!values.isArray()) throw new MalformedReply("echo with logprobs came back without logprobs.token_logprobs");
    return values;
  }

  private static List<JsonNode> choices(JsonNode reply) {
    JsonNode choices = reply.path("choices");
    if (!choices.isArray() || choices.isEmpty()) throw new MalformedReply("reply has no choices");
    List<JsonNode> list = new ArrayList<>();
    choices.forEach(list::add);
    list.sort(Comparator.comparingInt(c -> c.path("index").asInt(0)));
    return list;
  }

  static FinishReason finish(JsonNode choice) {
    String reason = choice.path("finish_reason").asText("");
    return switch (reason) {
      case "length" -> FinishReason.LENGTH;
      // vLLM/OpenAI say stop; TGI says eos_token or stop_sequence.
      case "stop", "eos_token", "stop_sequence", "eos" -> FinishReason.STOP;
      default -> throw new MalformedReply("unexpected finish_reason '" + reason + "'");
    };
  }

  private static int[] tokenIds(JsonNode tokens) {
    if (!tokens.isArray()) return null;
    List<String> list = new ArrayList<>();
    tokens.forEach(t -> list.add(t.asText("")));
    return tokenIds(list);
  }

  /** Ids when every token came back as "token_id:N" (vLLM's return_tokens_as_token_ids), else null. */
  private static int[] tokenIds(List<String> tokens) {
    int[] ids = new int[tokens.size()];
    for (int i = 0; i < ids.length; i++) {
      Matcher m = TOKEN_ID.matcher(tokens.get(i));
      if (!m.matches()) return null;
      ids[i] = Integer.parseInt(m.group(1));
    }
    return ids;
  }

  private static float[] floats(JsonNode array, String where) {
    if (!array.isArray()) throw new MalformedReply("logprobs were asked for but " + where + " is missing");
    float[] out = new float[array.size()];
    for (int i = 0; i < out.length; i++) out[i] = (float) number(array.get(i), where + "[" + i + "]");
    return out;
  }

  private static double number(JsonNode node, String where) {
    if (node == null || !node.isNumber()) throw new MalformedReply(where + " is not a number: " + node);
    return node.asDouble();
  }

  private static String requireText(JsonNode node, String where) {
    if (!node.isTextual()) throw new MalformedReply(where + " is missing or not text");
    return node.asText();
  }
}
