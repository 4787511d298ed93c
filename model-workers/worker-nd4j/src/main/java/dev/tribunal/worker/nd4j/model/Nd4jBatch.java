package dev.tribunal.worker.nd4j.model;

import dev.tribunal.worker.djl.model.LlamaModel;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Right- or left-padded sequences [B, T] as the model consumes them: token ids for the embedding
 * lookup, position ids (each row counts its real tokens from 0, as the DJL runtime does) and
 * the additive attention bias [B, 1, T, T] (causal, plus padded keys masked, with the runtime's
 * {@link LlamaModel#MASKED}).
 */
public record Nd4jBatch(int rows, int width, int[] ids, int[] positions, INDArray bias) {

  /** From [rows, width] ids and a 1/0 mask in row-major order. */
  public static Nd4jBatch of(int rows, int width, long[] ids, float[] mask) {
    int[] tokens = new int[ids.length];
    int[] positions = new int[ids.length];
    float[] bias = new float[rows * width * width];
    for (int b = 0; b < rows; b++) {
      int real = 0;
      for (int t = 0; t < width; t++) {
        tokens[b * width + t] = Math.toIntExact(ids[b * width + t]);
        real += mask[b * width + t] > 0 ? 1 : 0;
        positions[b * width + t] = Math.max(0, real - 1);
      }
      for (int q = 0; q < width; q++) {
        for (int k = 0; k < width; k++) {
          float causal = k > q ? LlamaModel.MASKED : 0f;
          float padding = mask[b * width + k] > 0 ? 0f : LlamaModel.MASKED;
          bias[(b * width + q) * width + k] = causal + padding;
        }
      }
    }
    return new Nd4jBatch(rows, width, tokens, positions, Nd4j.create(bias, new long[] {rows, 1, width, width}, 'c'));
  }

  /** Sequences of any lengths right-padded with pad to the longest. */
  public static Nd4jBatch rightPadded(List<int[]> sequences, int pad) {
    int width = sequences.stream().mapToInt(s -> s.length).max().orElseThrow();
    long[] ids = new long[sequences.size() * width];
    float[] mask = new float[ids.length];
    Arrays.fill(ids, pad);
    for (int b = 0; b < sequences.size(); b++) {
      int[] s = sequences.get(b);
      for (int t = 0; t < s.length; t++) {
        ids[b * width + t] = s[t];
        mask[b * width + t] = 1;
      }
    }
    return of(sequences.size(), width, ids, mask);
  }

  /** Tokens in the batch, padding included: the rows of every activation matrix. */
  public int tokens() {
    return rows * width;
  }
}
