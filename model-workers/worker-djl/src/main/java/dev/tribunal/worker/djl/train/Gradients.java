package dev.tribunal.worker.djl.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import dev.tribunal.worker.train.OptimizerLoop;

/**
 * The gradients PyTorch accumulates on the parameters: their global norm, clipping, zeroing.
 * Each getGradient() call makes a new handle, so every method runs in its own NDScope.
 */
final class Gradients {

  private static final NDIndex ALL = new NDIndex("...");

  private Gradients() {}

  /** sqrt(Σ_p ‖∇p‖²) over all parameters; NaN or infinite when any gradient entry is. */
  static double globalNorm(NDList parameters) {
    try (NDScope scope = new NDScope()) {
      NDArray sum = null;
      for (NDArray p : parameters) {
        NDArray sq = p.getGradient().square().sum();
        sum = sum == null ? sq : sum.add(sq);
      }
      return Math.sqrt(sum.getFloat());
    }
  }

  /** Scales every gradient so the global norm is at most maxNorm (as torch's clip_grad_norm_). */
  static void clip(NDList parameters, double norm, double maxNorm) {
    double scale = OptimizerLoop.clipScale(norm, maxNorm);
    if (scale < 1) scale(parameters, scale);
  }

  /** Multiplies every gradient by scale, in place. */
  static void scale(NDList parameters, double scale) {
    try (NDScope scope = new NDScope()) {
      for (NDArray p : parameters) p.getGradient().muli((float) scale);
    }
  }

  /**
   * Sets every gradient to 0 in place. PyTorch's collector does not, and backward adds to what
   * is there. A fill rather than g − g or 0·g, which would keep a NaN from a skipped batch.
   */
  static void zero(NDList parameters) {
    try (NDScope scope = new NDScope()) {
      for (NDArray p : parameters) p.getGradient().set(ALL, 0f);
    }
  }
}
