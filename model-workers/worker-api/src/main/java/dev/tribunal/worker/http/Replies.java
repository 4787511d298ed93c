package dev.tribunal.worker.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tribunal.worker.Completion;
import dev.tribunal.worker.FinishReason;
import dev.tribunal.worker.ScoreResult;
import dev.tribunal.worker.wire.ChatReply;
import dev.tribunal.worker.wire.CompletionReply;
import dev.tribunal.worker.wire.Wire;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Reads OpenAI-format replies into worker results; a reply missing what was asked for is an error. */
final class Replies {
  private Replies() {}

  /** Thrown for a well-formed HTTP answer whose content is not what the request asked for. */
  static final class MalformedReply extends RuntimeException {
    MalformedReply(String message) {
      super(message);
    }
  }

  static List<Completion> completions(JsonNode reply, boolean chat, int n, boolean logprobs) {
    List<Completion> out = new ArrayList<>(n);
    if (chat) {
      exactly(chatChoices(reply), n).forEach(c -> out.add(chatCompletion(c, logprobs)));
    } else {
      exactly(textChoices(reply), n).forEach(c -> out.add(textCompletion(c, logprobs)));
    }
    return out;
  }

  private static Completion textCompletion(CompletionReply.Choice choice, boolean logprobs) {
    String text = requireText(choice.text(), "choices[].text");
    FinishReason finish = finish(choice.finishReason());
    if (!logprobs) return new Completion(text, null, finish, null);
    CompletionReply.Logprobs lp = choice.logprobs();
    float[] values = floats(lp == null ? null : lp.tokenLogprobs(), "choices[].logprobs.token_logprobs");
    return new Completion(text, lp.tokens() == null ? null : tokenIds(lp.tokens()), finish, values);
  }

  private static Completion chatCompletion(ChatReply.Choice choice, boolean logprobs) {
    String text = requireText(choice.message() == null ? null : choice.message().content(), "choices[].message.content");
    FinishReason finish = finish(choice.finishReason());
    if (!logprobs) return new Completion(text, null, finish, null);
    List<ChatReply.TokenLogprob> content = choice.logprobs() == null ? null : choice.logprobs().content();
    if (content == null) throw new MalformedReply("logprobs were asked for but choices[].logprobs.content is missing");
    float[] values = new float[content.size()];
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) number(content.get(i).logprob(), "choices[].logprobs.content[" + i + "].logprob");
      tokens.add(content.get(i).token() == null ? "" : content.get(i).token());
    }
    return new Completion(text, tokenIds(tokens), finish, values);
  }

  /**
   * The continuation's log-probs from an echo of [prompt, prompt + continuation]. The boundary is
   * counted in token space, as {@link dev.tribunal.worker.ScoreRequest} defines it: the tokens of
   * prompt + continuation past as many tokens as the prompt alone has. Text offsets are not used:
   * servers disagree on the offsets of special tokens (BOS). When the
   * server had to generate one token (max_tokens 1), that last entry is dropped first.
   */
  static ScoreResult score(JsonNode reply, int generated) {
    List<CompletionReply.Choice> choices = textChoices(reply);
    if (choices.size() != 2) throw new MalformedReply("an echo of 2 prompts came back with " + choices.size() + " choices");
    List<Number> promptOnly = echoed(choices.get(0));
    List<Number> full = echoed(choices.get(1));
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
    Map<String, Double> out = new HashMap<>();
    if (chat) {
      ChatReply.Choice choice = chatChoices(reply).get(0);
      List<ChatReply.TopLogprob> top = chatTop(choice);
      if (top == null) throw new MalformedReply("top_logprobs were asked for but logprobs.content[0].top_logprobs is missing");
      top.forEach(t -> out.merge(t.token() == null ? "" : t.token(), number(t.logprob(), "top_logprobs[].logprob"), Math::max));
    } else {
      CompletionReply.Choice choice = textChoices(reply).get(0);
      Map<String, Number> top = completionTop(choice);
      if (top == null) throw new MalformedReply("logprobs were asked for but logprobs.top_logprobs[0] is missing");
      top.forEach((token, lp) -> out.merge(token, number(lp, "top_logprobs[0]." + token), Math::max));
    }
    return out;
  }

  private static List<ChatReply.TopLogprob> chatTop(ChatReply.Choice choice) {
    List<ChatReply.TokenLogprob> content = choice.logprobs() == null ? null : choice.logprobs().content();
    return content == null || content.isEmpty() || content.get(0) == null ? null : content.get(0).topLogprobs();
  }

  private static Map<String, Number> completionTop(CompletionReply.Choice choice) {
    List<Map<String, Number>> top = choice.logprobs() == null ? null : choice.logprobs().topLogprobs();
    return top == null || top.isEmpty() ? null : top.get(0);
  }

  private static List<Number> echoed(CompletionReply.Choice choice) {
    List<Number> values = choice.logprobs() == null ? null : choice.logprobs().tokenLogprobs();
    if (values == null) throw new MalformedReply("echo with logprobs came back without logprobs.token_logprobs");
    return values;
  }

  private static <T> T read(JsonNode reply, Class<T> type) {
    try {
      return Wire.read(reply, type);
    } catch (IllegalArgumentException e) {
      throw new MalformedReply("reply does not have the OpenAI shape: " + e.getMessage());
    }
  }

  private static List<CompletionReply.Choice> textChoices(JsonNode reply) {
    return sorted(read(reply, CompletionReply.class).choices(), CompletionReply.Choice::index);
  }

  private static List<ChatReply.Choice> chatChoices(JsonNode reply) {
    return sorted(read(reply, ChatReply.class).choices(), ChatReply.Choice::index);
  }

  private static <C> List<C> exactly(List<C> choices, int n) {
    if (choices.size() != n) throw new MalformedReply("asked for n=" + n + " completions, got " + choices.size());
    return choices;
  }

  /** In index order; a choice without an index counts as index 0. */
  private static <C> List<C> sorted(List<C> choices, Function<C, Integer> index) {
    if (choices == null || choices.isEmpty() || choices.contains(null)) throw new MalformedReply("reply has no choices");
    List<C> list = new ArrayList<>(choices);
    list.sort(Comparator.comparingInt(c -> index.apply(c) == null ? 0 : index.apply(c)));
    return list;
  }

  private static FinishReason finish(String reason) {
    return switch (reason == null ? "" : reason) {
      case "length" -> FinishReason.LENGTH;
      // vLLM/OpenAI say stop; TGI says eos_token or stop_sequence.
      case "stop", "eos_token", "stop_sequence", "eos" -> FinishReason.STOP;
      default -> throw new MalformedReply("unexpected finish_reason '" + (reason == null ? "" : reason) + "'");
    };
  }

  /** Ids when every token came back as "token_id:N" (vLLM's return_tokens_as_token_ids), else null. */
  private static int[] tokenIds(List<String> tokens) {
    int[] ids = new int[tokens.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = Wire.tokenId(tokens.get(i));
      if (ids[i] < 0) return null;
    }
    return ids;
  }

  private static float[] floats(List<Number> values, String where) {
    if (values == null) throw new MalformedReply("logprobs were asked for but " + where + " is missing");
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) out[i] = (float) number(values.get(i), where + "[" + i + "]");
    return out;
  }

  private static double number(Number value, String where) {
    if (value == null) throw new MalformedReply(where + " is not a number: null");
    return value.doubleValue();
  }

  private static String requireText(String text, String where) {
    if (text == null) throw new MalformedReply(where + " is missing or not text");
    return text;
  }
}
