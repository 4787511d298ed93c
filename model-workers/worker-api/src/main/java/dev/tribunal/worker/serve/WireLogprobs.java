package dev.tribunal.worker.serve;

import dev.tribunal.worker.TopToken;
import dev.tribunal.worker.wire.ChatReply;
import dev.tribunal.worker.wire.CompletionReply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Log-probs in the two OpenAI shapes. Tokens are named by their text (or "token_id:N" when the
 * client asked for ids); the alternatives at a position are the worker's true top-k, plus our
 * candidates at the first generated position.
 */
final class WireLogprobs {
  private WireLogprobs() {}

  /**
   * Completions shape: parallel lists of tokens, token_logprobs, top_logprobs (when withTop) and
   * text_offset (given: where each token starts in the choice's text). As OpenAI's legacy API, a position's top_logprobs
   * also holds the chosen token, so there may be k + 1 entries.
   */
  static CompletionReply.Logprobs completion(List<Position> positions, List<Integer> offsets, boolean withTop,
      boolean asIds) {
    List<String> tokens = new ArrayList<>();
    List<Number> values = new ArrayList<>();
    List<Map<String, Number>> top = withTop ? new ArrayList<>() : null;
    for (Position p : positions) {
      tokens.add(p.name(asIds));
      values.add(p.logprob());
      if (top != null) top.add(p.top() == null ? null : topMap(p, asIds));
    }
    return new CompletionReply.Logprobs(tokens, values, top, offsets);
  }

  private static Map<String, Number> topMap(Position p, boolean asIds) {
    Map<String, Number> at = new LinkedHashMap<>();
    // Two tokens may read the same (a merge and its parts): the likelier, listed first, stays.
    for (TopToken t : p.top()) at.putIfAbsent(Position.name(t, asIds), t.logprob());
    at.putIfAbsent(p.name(asIds), p.logprob());
    return at;
  }

  /** Chat shape: content[] of {token, logprob, bytes, top_logprobs[]}, bytes being the text's UTF-8. */
  static ChatReply.Logprobs chat(List<Position> positions, boolean asIds) {
    List<ChatReply.TokenLogprob> content = new ArrayList<>();
    for (Position p : positions) {
      List<ChatReply.TopLogprob> alternatives = p.top().stream()
          .map(t -> new ChatReply.TopLogprob(Position.name(t, asIds), t.logprob(), bytes(t.text()))).toList();
      content.add(new ChatReply.TokenLogprob(p.name(asIds), p.logprob(), bytes(p.text()), alternatives));
    }
    return new ChatReply.Logprobs(content);
  }

  static List<Integer> bytes(String text) {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    List<Integer> out = new ArrayList<>(utf8.length);
    for (byte b : utf8) out.add(b & 0xff);
    return out;
  }
}
