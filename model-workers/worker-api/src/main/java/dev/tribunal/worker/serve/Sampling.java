package dev.tribunal.worker.serve;

import dev.tribunal.worker.Capabilities;
import dev.tribunal.worker.SamplingParams;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** The sampling fields both routes share, read and range-checked with the field named on failure. */
record Sampling(int n, double temperature, double topP, int topK, int maxTokens, List<String> stop,
    List<Integer> stopTokenIds, long seed) {

  static final int MAX_N = 128;
  static final int MAX_TOKENS = 1 << 20;

  /**
   * @param minMaxTokens 0 where echo may ask for prompt log-probs only, else 1
   */
  static Sampling read(Fields f, String maxTokensField, int defaultMaxTokens, int minMaxTokens, Capabilities caps) {
    int n = f.integer("n", 1, 1, MAX_N);
    if (n > 1 && !caps.multipleCompletions()) throw ApiError.badField("n", "this model serves one completion per request");
    // vLLM and llama.cpp use -1 for "no top-k"; the worker API uses 0.
    int topK = Math.max(0, f.integer("top_k", 0, -1, Integer.MAX_VALUE));
    Long seed = f.optionalLong("seed");
    return new Sampling(n,
        f.number("temperature", 1.0, 0.0, 2.0),
        topP(f),
        topK,
        f.integer(maxTokensField, defaultMaxTokens, minMaxTokens, MAX_TOKENS),
        f.stringOrList("stop"),
        f.integers("stop_token_ids"),
        // Without a seed a request is not meant to repeat: draw one.
        seed != null ? seed : ThreadLocalRandom.current().nextLong());
  }

  private static double topP(Fields f) {
    double p = f.number("top_p", 1.0, 0.0, 1.0);
    if (p == 0.0) throw ApiError.badField("top_p", "must be in (0, 1], was 0");
    return p;
  }

  /** @param top the alternatives wanted per position (0: none) */
  SamplingParams params(boolean logprobs, int top) {
    return new SamplingParams(n, temperature, topP, topK, maxTokens, stop, stopTokenIds, seed, logprobs, top);
  }

  /** A request for another model is a 404, as vLLM answers it. */
  static void checkRequest(Fields f, String served) {
    String model = f.text("model");
    if (model != null && !model.equals(served)) {
      throw ApiError.notFound("model_not_found", "model '" + model + "' is not served here; this server serves '" + served + "'");
    }
  }
}
