package dev.tribunal.worker;

import java.util.List;

/**
 * Per-token log-probabilities of a continuation given its prompt, and their sum.
 *
 * @param tokenTexts   each scored token's text in context; null where the worker cannot say
 * @param topLogprobs  per scored token, the {@link ScoreRequest#topLogprobs()} most likely tokens
 *                     at its position, by descending log-prob; null unless asked for
 * @param promptTokens how many tokens precede the continuation's first; -1 where the worker cannot say
 */
public record ScoreResult(float[] tokenLogprobs, double sum, List<String> tokenTexts,
    List<List<TopToken>> topLogprobs, int promptTokens) {

  public ScoreResult {
    tokenTexts = tokenTexts == null ? null : List.copyOf(tokenTexts);
    topLogprobs = topLogprobs == null ? null : topLogprobs.stream().map(List::copyOf).toList();
  }

  public ScoreResult(float[] tokenLogprobs, double sum) {
    this(tokenLogprobs, sum, null, null, -1);
  }

  public int tokens() {
    return tokenLogprobs.length;
  }
}
