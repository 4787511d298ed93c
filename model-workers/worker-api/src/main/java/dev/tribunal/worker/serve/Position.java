package dev.tribunal.worker.serve;

import dev.tribunal.worker.Completion;
import dev.tribunal.worker.ScoreResult;
import dev.tribunal.worker.TopToken;
import dev.tribunal.worker.wire.Wire;
import java.util.ArrayList;
import java.util.List;

/**
 * One token of a reply, whichever way the worker produced it (sampled or scored).
 *
 * @param id       the token id; -1 where the worker did not say
 * @param text     the token's text in context
 * @param logprob  its log-prob; null for an echo's first token, which OpenAI leaves unscored
 * @param top      the most likely tokens at this position, by descending log-prob; null where unscored
 */
record Position(int id, String text, Float logprob, List<TopToken> top) {

  /** The name a client sees: "token_id:N" when it asked for ids (vLLM's return_tokens_as_token_ids). */
  String name(boolean asIds) {
    return name(id, text, asIds);
  }

  static String name(TopToken t, boolean asIds) {
    return name(t.id(), t.text(), asIds);
  }

  private static String name(int id, String text, boolean asIds) {
    return asIds && id >= 0 ? Wire.tokenName(id) : text;
  }

  /** The generated tokens of a completion asked with log-probs, at most k alternatives each. */
  static List<Position> of(Completion c, int k) {
    List<Position> out = new ArrayList<>();
    float[] values = Replies.withLogprobs(c).tokenLogprobs();
    for (int i = 0; i < values.length; i++) {
      int id = c.tokenIds() == null ? -1 : c.tokenIds()[i];
      out.add(new Position(id, text(c.tokenTexts(), i, id), values[i], top(c.topLogprobs(), i, k)));
    }
    return out;
  }

  /** An echoed prompt's tokens (a score of the prompt after nothing); the first is left unscored. */
  static List<Position> echoed(ScoreResult r, int k) {
    List<Position> out = new ArrayList<>();
    for (int i = 0; i < r.tokens(); i++) {
      boolean first = i == 0;
      out.add(new Position(-1, text(r.tokenTexts(), i, -1), first ? null : r.tokenLogprobs()[i],
          first ? null : top(r.topLogprobs(), i, k)));
    }
    return out;
  }

  /** Where each token starts, counting from start, when the tokens are read one after another. */
  static List<Integer> offsets(List<Position> positions, int start) {
    List<Integer> out = new ArrayList<>();
    for (Position p : positions) {
      out.add(start);
      start += p.text().length();
    }
    return out;
  }

  /** This position with extra alternatives (our candidates field) after its own. */
  Position withAlternatives(List<TopToken> extra) {
    List<TopToken> all = new ArrayList<>(top == null ? List.of() : top);
    all.addAll(extra);
    return new Position(id, text, logprob, all);
  }

  /** A worker that gives no texts still gives ids: name the token by its id then, as before. */
  private static String text(List<String> texts, int i, int id) {
    if (texts != null) return texts.get(i);
    return id >= 0 ? Wire.tokenName(id) : "";
  }

  private static List<TopToken> top(List<List<TopToken>> top, int i, int k) {
    if (top == null || k == 0) return List.of();
    List<TopToken> at = top.get(i);
    return at.subList(0, Math.min(k, at.size()));
  }
}
