package dev.tribunal.worker;

/**
 * One sampled continuation. tokenLogprobs is null unless asked for; when present it holds the
 * log-probability of each generated token under the unmodified distribution (temperature 1,
 * no truncation), so it agrees with {@link ModelWorker#score}.
 */
public record Completion(String text, int[] tokenIds, FinishReason finishReason, float[] tokenLogprobs) {

  /**
   * The answer to a request whose prompt does not fit the model's context: nothing generated. A
   * row that does not fit is a row with a status, never a failed call (see {@link ModelWorker}).
   */
  public static Completion contextOverflow() {
    return new Completion("", new int[0], FinishReason.CONTEXT_OVERFLOW, new float[0]);
  }
}
