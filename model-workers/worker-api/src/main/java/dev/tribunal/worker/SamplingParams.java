package dev.tribunal.worker;

import java.util.List;

/**
 * How to sample. temperature 0 means greedy; topK 0 and topP 1 mean no truncation. The seed makes
 * sampling repeatable: the same seed, prompt and batch give the same text.
 *
 * @param logprobs    whether each generated token's log-prob comes back
 * @param topLogprobs how many of the most likely tokens to report at each position (0: none);
 *                    needs logprobs
 */
public record SamplingParams(
    int n,
    double temperature,
    double topP,
    int topK,
    int maxNewTokens,
    List<String> stop,
    List<Integer> stopTokenIds,
    long seed,
    boolean logprobs,
    int topLogprobs) {

  public SamplingParams {
    if (n < 1) throw new IllegalArgumentException("n must be >= 1, was " + n);
    if (temperature < 0) throw new IllegalArgumentException("temperature must be >= 0, was " + temperature);
    if (topP <= 0 || topP > 1) throw new IllegalArgumentException("top_p must be in (0, 1], was " + topP);
    if (topK < 0) throw new IllegalArgumentException("top_k must be >= 0, was " + topK);
    if (maxNewTokens < 1) throw new IllegalArgumentException("max_new_tokens must be >= 1, was " + maxNewTokens);
    if (topLogprobs < 0) throw new IllegalArgumentException("top_logprobs must be >= 0, was " + topLogprobs);
    if (topLogprobs > 0 && !logprobs) throw new IllegalArgumentException("top_logprobs needs logprobs");
    stop = stop == null ? List.of() : List.copyOf(stop);
    stopTokenIds = stopTokenIds == null ? List.of() : List.copyOf(stopTokenIds);
  }

  /** Parameters without alternatives per position. */
  public SamplingParams(int n, double temperature, double topP, int topK, int maxNewTokens, List<String> stop,
      List<Integer> stopTokenIds, long seed, boolean logprobs) {
    this(n, temperature, topP, topK, maxNewTokens, stop, stopTokenIds, seed, logprobs, 0);
  }

  public static SamplingParams greedy(int maxNewTokens) {
    return new SamplingParams(1, 0, 1, 0, maxNewTokens, List.of(), List.of(), 0, false);
  }

  public SamplingParams withSeed(long newSeed) {
    return new SamplingParams(n, temperature, topP, topK, maxNewTokens, stop, stopTokenIds, newSeed, logprobs, topLogprobs);
  }

  public SamplingParams withN(int newN) {
    return new SamplingParams(newN, temperature, topP, topK, maxNewTokens, stop, stopTokenIds, seed, logprobs, topLogprobs);
  }
}
