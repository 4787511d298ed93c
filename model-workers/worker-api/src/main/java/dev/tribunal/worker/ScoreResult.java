package dev.tribunal.worker;

/** Per-token log-probabilities of a continuation given its prompt, and their sum. */
public record ScoreResult(float[] tokenLogprobs, double sum) {
  public int tokens() {
    return tokenLogprobs.length;
  }
}
