package dev.tribunal.worker.djl.inference;

import dev.tribunal.worker.Completion;
import dev.tribunal.worker.FinishReason;
import dev.tribunal.worker.TopToken;
import dev.tribunal.worker.djl.inference.Generator.Detokenizer;
import dev.tribunal.worker.djl.inference.Generator.Sequence;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One sequence being decoded: its sampler, the tokens so far (with their log-probs and the top-k
 * alternatives when asked), and when and why it stopped. A stop token (EOS or a requested id)
 * ends it without being kept; a stop string ends it with the text cut before the string and the
 * tokens cut to those whose text lies before it.
 */
final class DecodingRow {

  private final Sampler sampler;
  private final int limit;
  private final Set<Integer> stopIds;
  private final List<String> stops;
  private final int longestStop;
  private final Detokenizer detokenizer;
  private final int[] ids;
  private final float[] logprobs; // null unless asked for
  private final int top;
  private final int[][] topIds; // per position, the top alternatives; null unless asked for
  private final float[][] topLogprobs;
  private final int promptTokens;
  private int count;
  private int searched; // text length already searched for stop strings
  private String text; // set when a stop string cut it
  private FinishReason reason;

  DecodingRow(Sequence s, int limit, Set<Integer> eosIds, Detokenizer detokenizer) {
    this.sampler = new Sampler(s.params(), s.index());
    this.limit = limit;
    this.stopIds = new HashSet<>(eosIds);
    stopIds.addAll(s.params().stopTokenIds());
    this.stops = s.params().stop().stream().filter(x -> !x.isEmpty()).toList();
    this.longestStop = stops.stream().mapToInt(String::length).max().orElse(0);
    this.detokenizer = detokenizer;
    this.ids = new int[limit];
    this.logprobs = s.params().logprobs() ? new float[limit] : null;
    this.top = s.params().topLogprobs();
    this.topIds = top > 0 ? new int[limit][] : null;
    this.topLogprobs = top > 0 ? new float[limit][] : null;
    this.promptTokens = s.prompt().length;
  }

  boolean finished() {
    return reason != null;
  }

  /** Picks this row's next token from its logits row, records it, and returns it (to feed back). */
  int accept(float[] logits, int offset, int vocab) {
    int token = sampler.next(logits, offset, vocab);
    if (stopIds.contains(token)) {
      reason = FinishReason.STOP;
      return token;
    }
    ids[count] = token;
    if (logprobs != null) record(logits, offset, vocab, token);
    count++;
    if (!stops.isEmpty()) searchStops();
    if (reason == null && count >= limit) reason = FinishReason.LENGTH;
    return token;
  }

  /** The chosen token's log-prob and the top alternatives', against one normaliser so they agree exactly. */
  private void record(float[] logits, int offset, int vocab, int token) {
    double logZ = Sampler.logSumExp(logits, offset, vocab);
    logprobs[count] = (float) (logits[offset + token] - logZ);
    if (top == 0) return;
    topIds[count] = Sampler.top(logits, offset, vocab, top);
    topLogprobs[count] = new float[topIds[count].length];
    for (int j = 0; j < topIds[count].length; j++) topLogprobs[count][j] = (float) (logits[offset + topIds[count][j]] - logZ);
  }

  Completion completion() {
    String t = text != null ? text : detokenizer.decode(ids, count);
    return new Completion(t, Arrays.copyOf(ids, count), reason, logprobs == null ? null : Arrays.copyOf(logprobs, count),
        TokenTexts.of(detokenizer, ids, 0, count), alternatives(), promptTokens);
  }

  /** Per kept position, its alternatives with their texts as they would read there. */
  private List<List<TopToken>> alternatives() {
    if (topIds == null) return null;
    List<List<TopToken>> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      List<TopToken> at = new ArrayList<>(topIds[i].length);
      for (int j = 0; j < topIds[i].length; j++) {
        at.add(new TopToken(topIds[i][j], TokenTexts.at(detokenizer, ids, i, topIds[i][j]), topLogprobs[i][j]));
      }
      out.add(at);
    }
    return out;
  }

  /** Searches only the new text, plus enough overlap to catch a stop string that straddles it. */
  private void searchStops() {
    String t = detokenizer.decode(ids, count);
    int from = Math.max(0, searched - longestStop + 1);
    int at = -1;
    for (String s : stops) {
      int i = t.indexOf(s, from);
      if (i >= 0 && (at < 0 || i < at)) at = i;
    }
    searched = t.length();
    if (at < 0) return;
    text = t.substring(0, at);
    reason = FinishReason.STOP;
    while (count > 0 && detokenizer.decode(ids, count).length() > at) count--;
  }
}
