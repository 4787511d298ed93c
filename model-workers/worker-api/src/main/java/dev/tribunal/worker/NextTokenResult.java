package dev.tribunal.worker;

import java.util.Map;
import java.util.OptionalDouble;

/**
 * Candidate to log-probability; a candidate the backend could not see is absent, never zero.
 *
 * @param contextOverflow the prompt left no room under the model's context, so nothing was read
 */
public record NextTokenResult(Map<String, Double> logprobs, boolean contextOverflow) {
  public NextTokenResult {
    logprobs = Map.copyOf(logprobs);
    if (contextOverflow && !logprobs.isEmpty()) {
      throw new IllegalArgumentException("a prompt that did not fit has no log-probs");
    }
  }

  public NextTokenResult(Map<String, Double> logprobs) {
    this(logprobs, false);
  }

  /** The answer to a request whose prompt does not fit the model's context. */
  public static NextTokenResult overflow() {
    return new NextTokenResult(Map.of(), true);
  }

  public OptionalDouble of(String candidate) {
    Double v = logprobs.get(candidate);
    return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
  }
}
