package dev.tribunal.worker.serve;

import dev.tribunal.worker.Completion;
import dev.tribunal.worker.wire.ChatReply;
import dev.tribunal.worker.wire.CompletionReply;
import dev.tribunal.worker.wire.Wire;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Log-probs in the two OpenAI shapes. A ModelWorker reports each chosen token's id and log-prob
 * but no alternatives and no token texts, so: a token is named "token_id:N" (vLLM's convention for
 * return_tokens_as_token_ids); the alternatives at a position are the chosen token alone; and at
 * the first position the requested candidates are added with their log-probs (our "candidates"
 * field, how a client reads next-token log-probs from a worker that cannot list a top-k).
 */
final class WireLogprobs {
  private WireLogprobs() {}

  /** Completions shape: tokens, token_logprobs, top_logprobs (text offsets are unknown). */
  static CompletionReply.Logprobs completion(float[] prefix, Completion c, boolean withTop,
      Map<String, Double> candidates) {
    List<Number> values = floats(prefix);
    values.addAll(floats(c.tokenLogprobs()));
    boolean named = prefix.length == 0 && c.tokenIds() != null;
    List<String> tokens = named ? Arrays.stream(c.tokenIds()).mapToObj(Wire::tokenName).toList() : null;
    List<Map<String, Number>> top = null;
    if (withTop || !candidates.isEmpty()) {
      top = new ArrayList<>();
      for (int i = 0; i < prefix.length; i++) top.add(Map.of());
      for (int i = 0; i < c.tokenLogprobs().length; i++) {
        Map<String, Number> at = new LinkedHashMap<>();
        if (named) at.put(Wire.tokenName(c.tokenIds()[i]), c.tokenLogprobs()[i]);
        if (i == 0) at.putAll(candidates);
        top.add(at);
      }
    }
    return new CompletionReply.Logprobs(tokens, values, top, null);
  }

  /** Echo of a prompt with max_tokens 0: its tokens' log-probs only. */
  static CompletionReply.Logprobs echo(float[] promptLogprobs) {
    return new CompletionReply.Logprobs(null, floats(promptLogprobs), null, null);
  }

  /** Chat shape: content[] of {token, logprob, bytes, top_logprobs[]}. */
  static ChatReply.Logprobs chat(Completion c, int top, Map<String, Double> candidates) {
    List<ChatReply.TokenLogprob> content = new ArrayList<>();
    float[] values = c.tokenLogprobs();
    for (int i = 0; i < values.length; i++) {
      String token = c.tokenIds() == null ? "" : Wire.tokenName(c.tokenIds()[i]);
      List<ChatReply.TopLogprob> alternatives = new ArrayList<>();
      if (top > 0 && !token.isEmpty()) alternatives.add(new ChatReply.TopLogprob(token, values[i], null));
      if (i == 0) candidates.forEach((text, lp) -> alternatives.add(new ChatReply.TopLogprob(text, lp, null)));
      content.add(new ChatReply.TokenLogprob(token, values[i], null, alternatives));
    }
    return new ChatReply.Logprobs(content);
  }

  /** Boxed as Float, so they are written as the worker's floats rather than widened doubles. */
  private static List<Number> floats(float[] values) {
    List<Number> out = new ArrayList<>(values.length);
    for (float v : values) out.add(v);
    return out;
  }
}
