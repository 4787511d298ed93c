package dev.tribunal.worker.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The optimizer loop over a {@link BatchPlan}, the same for every engine: a step accumulates its
 * micro-batches' gradients (each loss divided by the whole step's weight, so accumulated
 * micro-batches give exactly the gradient of one large batch), then clips the global gradient norm
 * and applies the optimizer. A step whose loss or gradient norm is not finite is skipped whole: no
 * update, gradients zeroed, counted; the weights stay those of the last applied step, since
 * finite, clipped gradients cannot make them non-finite. The tensor work is the engine's.
 *
 * @param <H> what one example's metrics are made of, read back from the device
 */
public final class OptimizerLoop<H> {

  /** What an engine does for the loop, on its own arrays. */
  public interface Engine<H> {

    /** The example's share of its step's denominator (see {@link dev.tribunal.worker.train.loss.Loss#weight}). */
    double weight(int example);

    /**
     * Forward, loss (Σ terms / stepWeight) and, when the loss is finite, backward of one
     * micro-batch, adding to the gradients; a non-finite loss never reaches them.
     */
    MicroBatch<H> accumulate(int[] examples, double stepWeight);

    /** sqrt(Σ_p ‖∇p‖²) over all parameters; NaN or infinite when any gradient entry is. */
    double gradientNorm();

    /** Multiplies every gradient by scale. */
    void scaleGradients(double scale);

    /** One optimizer update with learning rate lr from the gradients. */
    void update(double lr);

    /** Sets every gradient to 0: a fill, which (unlike 0·g) also clears a NaN. */
    void zeroGradients();

    /** The step's reward figures from its examples' host values; null for an objective without. */
    RewardStats stats(List<H> examples);

    /** An objective's own figures for the step's metrics (see {@link StepMetrics#figures}). */
    default Map<String, Double> figures(List<H> examples) {
      return Map.of();
    }
  }

  /** A micro-batch's share of its step's loss, its examples' host values, and its tokens (padding excluded). */
  public record MicroBatch<H>(double loss, List<H> host, long tokens) {}

  /** What the loop did: every step's metrics, and whether the skip limit ended it. */
  public record Outcome(List<StepMetrics> history, int appliedSteps, int skippedBatches, boolean stoppedEarly) {
    /**
     * This outcome, or a refusal when no update was applied: a checkpoint equal to its parent under a
     * new version would hide that every batch was non-finite.
     */
    public Outcome requireUpdates(Object parent, int maxSkippedBatches) {
      if (appliedSteps > 0) return this;
      throw new TrainingStoppedException("training " + parent + ": " + skippedBatches
          + " batches had a non-finite loss or gradient (limit " + maxSkippedBatches
          + ") and no update was applied; no checkpoint written, the parent stays the latest");
    }
  }

  private final TrainingConfig config;
  private final Engine<H> engine;
  private int applied;
  private int skipped;

  public OptimizerLoop(TrainingConfig config, Engine<H> engine) {
    this.config = config;
    this.engine = engine;
  }

  public Outcome run(BatchPlan plan, MetricsLog log) {
    List<StepMetrics> history = new ArrayList<>();
    for (BatchPlan.Step step : plan.steps()) {
      StepMetrics m = step(step, plan.steps().size());
      history.add(m);
      log.write(m);
      if (skipped > config.maxSkippedBatches()) return new Outcome(history, applied, skipped, true);
    }
    return new Outcome(history, applied, skipped, false);
  }

  /** One optimizer step: forward and backward per micro-batch, then the guarded update. */
  public StepMetrics step(BatchPlan.Step step, int totalSteps) {
    long start = System.nanoTime();
    double lr = config.learningRateAt(step.index(), totalSteps);
    double weight = 0;
    for (int[] micro : step.microBatches()) {
      for (int i : micro) weight += engine.weight(i);
    }
    double stepLoss = 0;
    long tokens = 0;
    List<H> examples = new ArrayList<>();
    boolean finite = true;
    for (int[] micro : step.microBatches()) {
      MicroBatch<H> m = engine.accumulate(micro, weight);
      tokens += m.tokens();
      finite = Double.isFinite(m.loss());
      if (!finite) break; // the rest of a skipped step is not worth computing
      stepLoss += m.loss();
      examples.addAll(m.host());
    }
    double norm = finite ? engine.gradientNorm() : Double.NaN;
    if (!Double.isFinite(norm)) {
      engine.zeroGradients();
      skipped++;
      return new StepMetrics(step.index() + 1, step.epoch(), null, null, null, lr, skipped, tokens, seconds(start));
    }
    double scale = clipScale(norm, config.gradClipNorm());
    if (scale < 1) engine.scaleGradients(scale);
    engine.update(lr);
    applied++;
    engine.zeroGradients();
    return new StepMetrics(step.index() + 1, step.epoch(), stepLoss, engine.stats(examples), norm, lr, skipped, tokens,
        seconds(start), engine.figures(examples));
  }

  /** The factor that brings the global norm to at most maxNorm (0: off), as torch's clip_grad_norm_; 1 when within. */
  public static double clipScale(double norm, double maxNorm) {
    return maxNorm <= 0 || norm <= maxNorm ? 1 : maxNorm / (norm + 1e-6);
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
