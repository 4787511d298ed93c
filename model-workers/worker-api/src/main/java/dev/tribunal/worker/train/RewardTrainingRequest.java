package dev.tribunal.worker.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One distilled reward model run (spec 2.6): from a base checkpoint, on soft-labelled pairs, a
 * share of which is held out of training to measure the result.
 *
 * @param run             the base checkpoint (a language model, whose body gets a new score head,
 *                        or a reward model to train further), the output, the metrics log
 * @param config          learning rate, schedule, epochs, batch size, seed and the rest; the
 *                        objective must be {@link Objective#REWARD}
 * @param pairs           training and held-out pairs together
 * @param heldOutFraction the share of pairs held out, in [0, 1), drawn by the config's seed
 */
public record RewardTrainingRequest(TrainingRun run, TrainingConfig config, List<RewardPair> pairs,
    double heldOutFraction) {

  public RewardTrainingRequest {
    if (run == null || config == null) {
      throw new IllegalArgumentException("reward training: run and config are required");
    }
    if (!config.objective().trainsRewardModel()) {
      throw new IllegalArgumentException("reward training: objective must be " + Objective.REWARD.id() + ", was "
          + config.objective().id());
    }
    pairs = List.copyOf(pairs);
    if (!(heldOutFraction >= 0 && heldOutFraction < 1)) {
      throw new IllegalArgumentException("reward training: held-out fraction must be in [0, 1), was "
          + heldOutFraction);
    }
    if (pairs.size() - heldOut(pairs.size(), heldOutFraction) < 1) {
      throw new IllegalArgumentException("reward training: " + pairs.size() + " pairs leave none to train on after"
          + " holding out " + heldOutFraction);
    }
  }

  /** Training and held-out pairs, each in input order. */
  public record Split(List<RewardPair> training, List<RewardPair> heldOut) {}

  /**
   * round(fraction × n) pairs held out, drawn by the seed alone (a permutation stream of its own,
   * epoch −1, which no batch plan draws), so the same request always holds out the same pairs.
   */
  public Split split() {
    int n = pairs.size();
    int[] order = BatchPlan.permutation(n, config.seed(), -1);
    boolean[] held = new boolean[n];
    for (int i : Arrays.copyOf(order, heldOut(n, heldOutFraction))) held[i] = true;
    List<RewardPair> training = new ArrayList<>();
    List<RewardPair> heldOut = new ArrayList<>();
    for (int i = 0; i < n; i++) (held[i] ? heldOut : training).add(pairs.get(i));
    return new Split(List.copyOf(training), List.copyOf(heldOut));
  }

  private static int heldOut(int n, double fraction) {
    return (int) Math.round(fraction * n);
  }
}
