package dev.tribunal.jobs.config;

import dev.tribunal.worker.SamplingParams;
import java.io.Serializable;
import java.util.List;

/**
 * How one role samples: temperature 0 is greedy, top_k 0 and top_p 1 mean no truncation. The
 * parent section checks it with its own key prefix (e.g. meta_rewarding.judge), so messages name
 * the full key.
 */
public record SamplingConfig(double temperature, double topP, int topK, int maxNewTokens,
    List<String> stop) implements Serializable {
  public SamplingConfig {
    stop = stop == null ? List.of() : List.copyOf(stop);
  }

  /** Validates the values, naming keys under {@code key}. */
  public SamplingConfig check(String key) {
    Check.range(key + ".temperature", temperature, 0.0, 10.0);
    if (!(topP > 0 && topP <= 1)) {
      throw new ConfigException(key + ".top_p: " + topP + " is out of range; allowed above 0 to 1");
    }
    Check.range(key + ".top_k", topK, 0, 1_000_000);
    Check.range(key + ".max_new_tokens", maxNewTokens, 1, 1_000_000);
    for (String s : stop) {
      if (s == null || s.isEmpty()) throw new ConfigException(key + ".stop: a stop string is empty");
    }
    return this;
  }

  /**
   * The worker's parameters for n completions with one seed. Log-probs are always asked for: they
   * give every backend's token count (HTTP servers return token ids only on request).
   */
  public SamplingParams params(int n, long seed) {
    return new SamplingParams(n, temperature, topP, topK, maxNewTokens, stop, List.of(), seed, true);
  }

  /** The same limits, decoded greedily (evaluation). */
  public SamplingConfig greedy() {
    return new SamplingConfig(0, 1, 0, maxNewTokens, stop);
  }
}
