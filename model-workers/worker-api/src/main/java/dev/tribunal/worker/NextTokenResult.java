package dev.tribunal.worker;

import java.util.Map;
import java.util.OptionalDouble;

/** Candidate to log-probability; a candidate the backend could not see is absent, never zero. */
public record NextTokenResult(Map<String, Double> logprobs) {
  public NextTokenResult {
    logprobs = Map.copyOf(logprobs);
  }

  public OptionalDouble of(String candidate) {
    Double v = logprobs.get(candidate);
    return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
  }
}
