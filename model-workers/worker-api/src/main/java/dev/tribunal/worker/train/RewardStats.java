package dev.tribunal.worker.train;

import dev.tribunal.worker.train.loss.PairLogps;
import dev.tribunal.worker.train.loss.PairRewards;
import java.util.List;

/**
 * DPO's implicit rewards over a batch, as TRL reports them: reward = β·(log π − log π_ref) with
 * summed log-probabilities; accuracy is the share of pairs whose chosen reward is strictly higher.
 * For SFT only logps/chosen is meaningful; the reward fields are then NaN. A reward model reports
 * its own rewards in the same fields.
 */
public record RewardStats(double chosen, double rejected, double accuracy, double margin, double logpsChosen,
    double logpsRejected) {

  public static RewardStats of(List<PairLogps> pairs, double beta) {
    if (pairs.isEmpty()) throw new IllegalArgumentException("reward statistics of an empty batch");
    double chosen = 0, rejected = 0, wins = 0, logpsChosen = 0, logpsRejected = 0;
    for (PairLogps p : pairs) {
      double rc = beta * p.chosenLogRatio();
      double rr = beta * p.rejectedLogRatio();
      chosen += rc;
      rejected += rr;
      wins += rc > rr ? 1 : 0;
      logpsChosen += p.policyChosen();
      logpsRejected += p.policyRejected();
    }
    int n = pairs.size();
    return new RewardStats(chosen / n, rejected / n, wins / n, (chosen - rejected) / n, logpsChosen / n,
        logpsRejected / n);
  }

  /**
   * A reward model's figures over a batch, from its decisive pairs (label ≠ 0.5): the mean reward
   * of the response each label prefers and of the other, the share ordered as the label says, and
   * the mean margin between them. There are no log-probabilities; everything is NaN (left out of
   * the metrics) when no pair is decisive.
   */
  public static RewardStats of(List<PairRewards> pairs) {
    double chosen = 0;
    double rejected = 0;
    int n = 0;
    for (PairRewards p : pairs) {
      if (!p.decisive()) continue;
      boolean aWins = p.label() > 0.5;
      chosen += aWins ? p.rewardA() : p.rewardB();
      rejected += aWins ? p.rewardB() : p.rewardA();
      n++;
    }
    double nan = Double.NaN;
    if (n == 0) return new RewardStats(nan, nan, nan, nan, nan, nan);
    return new RewardStats(chosen / n, rejected / n, PairRewards.accuracy(pairs), (chosen - rejected) / n, nan, nan);
  }
}
