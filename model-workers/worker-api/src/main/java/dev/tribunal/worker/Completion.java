package dev.tribunal.worker;

/**
 * One sampled continuation. tokenLogprobs is null unless asked for; when present it holds the
 * log-probability of each generated token under the unmodified distribution (temperature 1,
 * no truncation), so it agrees with {@link ModelWorker#score}.
 */
public record Completion(String text, int[] tokenIds, FinishReason finishReason, float[] tokenLogprobs) {}
