package dev.tribunal.worker.train;

import dev.tribunal.worker.train.loss.PairLogps;
import java.util.List;

/**
 * DPO's implicit rewards over a batch, as TRL reports them: reward = β·(log π − log π_ref) with
 * summed log-probabilities; accuracy is the share of pairs whose chosen reward is strictly higher.
 * For SFT only logps/chosen is meaningful; the reward fields are then NaN.
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
}
