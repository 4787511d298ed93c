package dev.tribunal.worker.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Which examples go into which micro-batch of which optimizer step: each epoch is a fresh
 * permutation drawn from (seed, epoch), cut into steps of batch_size × grad_accumulation examples
 * (the last step of an epoch may be smaller). The same config and example count give the same
 * plan on any engine.
 */
public record BatchPlan(List<Step> steps) {

  /** One optimizer step: its 0-based index, the epochs completed after it, its micro-batches. */
  public record Step(int index, double epoch, List<int[]> microBatches) {
    public int examples() {
      return microBatches.stream().mapToInt(b -> b.length).sum();
    }
  }

  public static BatchPlan of(int examples, TrainingConfig config) {
    int total = config.totalSteps(examples);
    int perEpoch = config.stepsPerEpoch(examples);
    List<Step> steps = new ArrayList<>(total);
    int[] order = null;
    for (int s = 0; s < total; s++) {
      int epoch = s / perEpoch;
      int inEpoch = s % perEpoch;
      if (inEpoch == 0) order = permutation(examples, config.seed(), epoch);
      int from = inEpoch * config.examplesPerStep();
      int to = Math.min(examples, from + config.examplesPerStep());
      List<int[]> micro = new ArrayList<>();
      for (int b = from; b < to; b += config.batchSize()) {
        micro.add(Arrays.copyOfRange(order, b, Math.min(to, b + config.batchSize())));
      }
      steps.add(new Step(s, (double) (s + 1) / perEpoch, List.copyOf(micro)));
    }
    return new BatchPlan(List.copyOf(steps));
  }

  /** Fisher-Yates from a generator seeded by (seed, epoch) alone. */
  static int[] permutation(int n, long seed, int epoch) {
    SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
    int[] p = new int[n];
    for (int i = 0; i < n; i++) p[i] = i;
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
