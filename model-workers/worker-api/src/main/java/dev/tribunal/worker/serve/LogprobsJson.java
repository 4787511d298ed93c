package dev.tribunal.worker.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tribunal.worker.Completion;
import java.util.Map;

/**
 * Log-probs in the two OpenAI shapes. A ModelWorker reports each chosen token's id and log-prob
 * but no alternatives and no token texts, so: a token is named "token_id:N" (vLLM's convention for
 * return_tokens_as_token_ids); the alternatives at a position are the chosen token alone; and at
 * the first position the requested candidates are added with their log-probs (our "candidates"
 * field, how a client reads next-token log-probs from a worker that cannot list a top-k).
 */
final class LogprobsJson {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private LogprobsJson() {}

  /** Completions shape: tokens, token_logprobs, top_logprobs (text offsets are unknown). */
  static ObjectNode completion(float[] prefix, Completion c, boolean withTop, Map<String, Double> candidates) {
    ObjectNode out = JSON.objectNode();
    ArrayNode values = out.putArray("token_logprobs");
    for (float v : prefix) values.add(v);
    for (float v : c.tokenLogprobs()) values.add(v);
    boolean named = prefix.length == 0 && c.tokenIds() != null;
    if (named) {
      ArrayNode tokens = out.putArray("tokens");
      for (int id : c.tokenIds()) tokens.add(tokenName(id));
    }
    if (withTop || !candidates.isEmpty()) {
      ArrayNode top = out.putArray("top_logprobs");
      for (int i = 0; i < prefix.length; i++) top.addObject();
      for (int i = 0; i < c.tokenLogprobs().length; i++) {
        ObjectNode at = top.addObject();
        if (named) at.put(tokenName(c.tokenIds()[i]), c.tokenLogprobs()[i]);
        if (i == 0) candidates.forEach(at::put);
      }
    }
    return out;
  }

  /** Echo of a prompt with max_tokens 0: its tokens' log-probs only. */
  static ObjectNode echo(float[] promptLogprobs) {
    ObjectNode out = JSON.objectNode();
    ArrayNode values = out.putArray("token_logprobs");
    for (float v : promptLogprobs) values.add(v);
    return out;
  }

  /** Chat shape: content[] of {token, logprob, bytes, top_logprobs[]}. */
  static ObjectNode chat(Completion c, int top, Map<String, Double> candidates) {
    ObjectNode out = JSON.objectNode();
    ArrayNode content = out.putArray("content");
    float[] values = c.tokenLogprobs();
    for (int i = 0; i < values.length; i++) {
      String token = c.tokenIds() == null ? "" : tokenName(c.tokenIds()[i]);
      ObjectNode entry = content.addObject().put("token", token).put("logprob", values[i]);
      entry.putNull("bytes");
      ArrayNode alternatives = entry.putArray("top_logprobs");
      if (top > 0 && !token.isEmpty()) alternatives.addObject().put("token", token).put("logprob", values[i]).putNull("bytes");
      if (i == 0) {
        candidates.forEach((text, lp) -> alternatives.addObject().put("token", text).put("logprob", lp).putNull("bytes"));
      }
    }
    return out;
  }

  static String tokenName(int id) {
    return "token_id:" + id;
  }
}
