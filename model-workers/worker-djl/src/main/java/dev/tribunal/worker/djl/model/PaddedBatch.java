package dev.tribunal.worker.djl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * Token sequences of different lengths as one [B, T] int64 id array and a [B, T] fp32 mask
 * (1 real, 0 padding). Right padding suits scoring and training; left padding suits generation,
 * where every row's last prompt token must sit in the same column.
 */
public record PaddedBatch(NDArray ids, NDArray mask) implements AutoCloseable {

  public static PaddedBatch right(NDManager manager, List<int[]> sequences, int padId) {
    return of(manager, sequences, padId, false);
  }

  public static PaddedBatch left(NDManager manager, List<int[]> sequences, int padId) {
    return of(manager, sequences, padId, true);
  }

  /** Width of the batch: the longest sequence. */
  public int width() {
    return (int) ids.getShape().get(1);
  }

  private static PaddedBatch of(NDManager manager, List<int[]> sequences, int padId, boolean left) {
    int width = sequences.stream().mapToInt(s -> s.length).max().orElse(0);
    long[] ids = new long[sequences.size() * width];
    float[] mask = new float[ids.length];
    for (int b = 0; b < sequences.size(); b++) {
      int[] s = sequences.get(b);
      int start = left ? width - s.length : 0;
      for (int t = 0; t < width; t++) ids[b * width + t] = padId;
      for (int t = 0; t < s.length; t++) {
        ids[b * width + start + t] = s[t];
        mask[b * width + start + t] = 1f;
      }
    }
    Shape shape = new Shape(sequences.size(), width);
    return new PaddedBatch(manager.create(ids, shape), manager.create(mask, shape));
  }

  @Override
  public void close() {
    ids.close();
    mask.close();
  }
}
