package dev.tribunal.worker.djl;

import java.io.Serializable;

/**
 * Batch limits of one worker. maxBatchSequences bounds the rows decoded together (and so the KV
 * cache); maxBatchTokens bounds the padded tokens of one scoring or prefill forward. The defaults
 * are the best the runtime benchmark (a main beside the tests) measured on a 2-core CPU for the
 * embedded model.
 */
public record RuntimeOptions(int maxBatchSequences, int maxBatchTokens) implements Serializable {

  public static final RuntimeOptions DEFAULT = new RuntimeOptions(64, 4096);

  public RuntimeOptions {
    if (maxBatchSequences < 1) throw new IllegalArgumentException("maxBatchSequences must be >= 1, was " + maxBatchSequences);
    if (maxBatchTokens < 1) throw new IllegalArgumentException("maxBatchTokens must be >= 1, was " + maxBatchTokens);
  }
}
