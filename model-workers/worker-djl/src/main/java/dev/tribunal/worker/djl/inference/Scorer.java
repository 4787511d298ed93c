package dev.tribunal.worker.djl.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import dev.tribunal.worker.djl.model.LlamaModel;
import dev.tribunal.worker.djl.model.PaddedBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Log-probabilities of given tokens by full recomputation, batched by a token budget (sequences
 * of similar length together, so little of a batch is padding). Continuations are scored with
 * {@link LlamaModel#tokenLogprobs}, the same function the trainer differentiates.
 */
public final class Scorer {

  /** Logits of one batch are held twice (logits and log-softmax): keep each under 2^26 floats. */
  private static final long LOGITS_BUDGET = 1L << 26;

  private final LlamaModel model;
  private final NDManager manager;
  private final int padId;
  private final int maxBatchTokens;

  public Scorer(LlamaModel model, NDManager manager, int padId, int maxBatchTokens) {
    this.model = model;
    this.manager = manager;
    this.padId = padId;
    this.maxBatchTokens = (int) Math.max(1, Math.min(maxBatchTokens, LOGITS_BUDGET / model.config().vocabSize()));
  }

  /**
   * One scored sequence: the log-prob of each scored token, and where asked the top alternatives
   * at each scored position (ids and log-probs, likeliest first); null when not asked.
   */
  public record Scored(float[] logprobs, int[][] topIds, float[][] topLogprobs) {}

  /** For each sequence, log p(seq[t] | seq[..t]) for t from its start (at least 1) to its end. */
  public List<float[]> continuationLogprobs(List<int[]> sequences, int[] starts) {
    return continuationLogprobs(sequences, starts, 0).stream().map(Scored::logprobs).toList();
  }

  /**
   * The same, and with top > 0 the top likeliest tokens at each of those positions.
   */
  public List<Scored> continuationLogprobs(List<int[]> sequences, int[] starts, int top) {
    Scored[] out = new Scored[sequences.size()];
    for (int[] batch : batches(sequences)) {
      List<int[]> seqs = Arrays.stream(batch).mapToObj(sequences::get).toList();
      int width;
      float[] lp;
      float[] topLp = null;
      long[] topIds = null;
      try (NDScope scope = new NDScope(); PaddedBatch padded = PaddedBatch.right(manager, seqs, padId)) {
        width = padded.width() - 1;
        if (top == 0) {
          lp = model.tokenLogprobs(padded.ids(), padded.mask()).toFloatArray();
        } else {
          NDList scored = model.tokenLogprobsAndTop(padded.ids(), padded.mask(), top);
          lp = scored.get(0).toFloatArray();
          topLp = scored.get(1).toFloatArray();
          topIds = scored.get(2).toLongArray();
        }
      }
      for (int r = 0; r < batch.length; r++) {
        int start = starts[batch[r]];
        int len = seqs.get(r).length;
        if (start < 1 || start > len) {
          throw new IllegalArgumentException("sequence " + batch[r] + ": scored tokens must start in [1, " + len
              + "], was " + start);
        }
        int from = r * width + start - 1;
        int to = r * width + len - 1;
        out[batch[r]] = new Scored(Arrays.copyOfRange(lp, from, to), rows(topIds, from, to, top), rows(topLp, from, to, top));
      }
    }
    return Arrays.asList(out);
  }

  /** Rows [from, to) of a flat [N, k] array; null stays null. */
  private static int[][] rows(long[] flat, int from, int to, int k) {
    if (flat == null) return null;
    int[][] out = new int[to - from][k];
    for (int i = from; i < to; i++) for (int j = 0; j < k; j++) out[i - from][j] = (int) flat[i * k + j];
    return out;
  }

  private static float[][] rows(float[] flat, int from, int to, int k) {
    if (flat == null) return null;
    float[][] out = new float[to - from][];
    for (int i = from; i < to; i++) out[i - from] = Arrays.copyOfRange(flat, i * k, i * k + k);
    return out;
  }

  /**
   * A reward model's reward of each whole sequence (the score head at its last token), batched by
   * the token budget like the log-probabilities.
   */
  public double[] rewards(List<int[]> sequences) {
    double[] out = new double[sequences.size()];
    for (int[] batch : batches(sequences)) {
      List<int[]> seqs = Arrays.stream(batch).mapToObj(sequences::get).toList();
      float[] r;
      try (NDScope scope = new NDScope(); PaddedBatch padded = PaddedBatch.right(manager, seqs, padId)) {
        r = model.rewards(padded.ids(), padded.mask()).toFloatArray();
      }
      for (int i = 0; i < batch.length; i++) out[batch[i]] = r[i];
    }
    return out;
  }

  /** For each prompt, the log-softmax of its next token at the given candidate ids. */
  public List<float[]> nextTokenLogprobs(List<int[]> prompts, int[][] candidateIds) {
    int vocab = model.config().vocabSize();
    float[][] out = new float[prompts.size()][];
    for (int[] batch : batches(prompts)) {
      List<int[]> seqs = Arrays.stream(batch).mapToObj(prompts::get).toList();
      float[] logp;
      try (NDScope scope = new NDScope(); PaddedBatch padded = PaddedBatch.left(manager, seqs, padId)) {
        NDArray logits = model.forward(padded.ids(), model.positions(padded.mask()),
            model.attentionBias(padded.mask(), padded.width(), 0), null, true);
        logp = logits.toType(DataType.FLOAT32, false).logSoftmax(2).toFloatArray();
      }
      for (int r = 0; r < batch.length; r++) {
        int[] ids = candidateIds[batch[r]];
        out[batch[r]] = new float[ids.length];
        for (int c = 0; c < ids.length; c++) out[batch[r]][c] = logp[r * vocab + ids[c]];
      }
    }
    return Arrays.asList(out);
  }

  /** Index batches: by ascending length, each holding at most maxBatchTokens padded tokens. */
  private List<int[]> batches(List<int[]> sequences) {
    Integer[] order = IntStream.range(0, sequences.size()).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingInt(i -> sequences.get(i).length));
    List<int[]> batches = new ArrayList<>();
    List<Integer> current = new ArrayList<>();
    for (int i : order) {
      int width = sequences.get(i).length; // ascending, so the newest is the widest
      if (!current.isEmpty() && (long) (current.size() + 1) * width > maxBatchTokens) {
        batches.add(current.stream().mapToInt(Integer::intValue).toArray());
        current.clear();
      }
      current.add(i);
    }
    if (!current.isEmpty()) batches.add(current.stream().mapToInt(Integer::intValue).toArray());
    return batches;
  }
}
