package dev.tribunal.worker.train;

/**
 * The learning rate over optimizer steps: a linear warmup from lr/warmup to lr, then a decay
 * towards 0 at the planned last step. Unlike Hugging Face's schedulers the first step already
 * gets lr/warmup rather than 0, so no batch is spent without an update.
 */
public enum Schedule {
  COSINE,
  LINEAR,
  CONSTANT;

  /** The learning rate of optimizer step {@code step} (0-based) out of {@code totalSteps}. */
  public double at(int step, int totalSteps, double lr, int warmupSteps) {
    if (step < 0 || step >= totalSteps) {
      throw new IllegalArgumentException("step " + step + " is outside 0.." + (totalSteps - 1));
    }
    if (step < warmupSteps) return lr * (step + 1) / warmupSteps;
    double progress = totalSteps == warmupSteps ? 0 : (double) (step - warmupSteps) / (totalSteps - warmupSteps);
    return switch (this) {
      case CONSTANT -> lr;
      case LINEAR -> lr * (1 - progress);
      case COSINE -> lr * 0.5 * (1 + Math.cos(Math.PI * progress));
    };
  }
}
