package dev.tribunal.worker;

import java.util.List;

/**
 * One sampled continuation. tokenLogprobs is null unless asked for; when present it holds the
 * log-probability of each generated token under the unmodified distribution (temperature 1,
 * no truncation), so it agrees with {@link ModelWorker#score}.
 *
 * @param tokenTexts   each generated token's text, as it reads in text (they concatenate to text
 *                     unless a token splits a character); null where the worker cannot say
 * @param topLogprobs  per generated token, the {@link SamplingParams#topLogprobs()} most likely
 *                     tokens at its position, by descending log-prob; null unless asked for
 * @param promptTokens how many tokens the prompt took; -1 where the worker cannot say
 */
public record Completion(String text, int[] tokenIds, FinishReason finishReason, float[] tokenLogprobs,
    List<String> tokenTexts, List<List<TopToken>> topLogprobs, int promptTokens) {

  public Completion {
    tokenTexts = tokenTexts == null ? null : List.copyOf(tokenTexts);
    topLogprobs = topLogprobs == null ? null : topLogprobs.stream().map(List::copyOf).toList();
  }

  /** A completion from a worker that reports no token texts, alternatives or prompt length. */
  public Completion(String text, int[] tokenIds, FinishReason finishReason, float[] tokenLogprobs) {
    this(text, tokenIds, finishReason, tokenLogprobs, null, null, -1);
  }

  /**
   * The answer to a request whose prompt does not fit the model's context: nothing generated. A
   * row that does not fit is a row with a status, never a failed call (see {@link ModelWorker}).
   */
  public static Completion contextOverflow() {
    return new Completion("", new int[0], FinishReason.CONTEXT_OVERFLOW, new float[0]);
  }
}
