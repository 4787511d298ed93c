package dev.tribunal.worker.train;

import dev.tribunal.worker.train.loss.PairRewards;
import dev.tribunal.worker.train.loss.SoftBradleyTerryLoss;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a reward model does on pairs it was not trained on.
 *
 * @param pairs    the pairs evaluated
 * @param decisive those whose label is not 0.5, the only ones an order can get right or wrong
 * @param accuracy the share of decisive pairs where sign(r_A − r_B) agrees with label > 0.5; NaN
 *                 when none is decisive
 * @param loss     the mean soft Bradley–Terry loss over all pairs, ties included; NaN without pairs
 */
public record RewardEvaluation(int pairs, int decisive, double accuracy, double loss) {

  public static RewardEvaluation of(List<PairRewards> rewards) {
    int decisive = (int) rewards.stream().filter(PairRewards::decisive).count();
    double loss = rewards.isEmpty() ? Double.NaN : new SoftBradleyTerryLoss().loss(rewards);
    return new RewardEvaluation(rewards.size(), decisive, PairRewards.accuracy(rewards), loss);
  }

  /** The figures for a lineage's metrics under a prefix ("heldout/accuracy"); NaN ones are left out. */
  public Map<String, Double> metrics(String prefix) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put(prefix + "pairs", (double) pairs);
    m.put(prefix + "decisive_pairs", (double) decisive);
    if (Double.isFinite(accuracy)) m.put(prefix + "accuracy", accuracy);
    if (Double.isFinite(loss)) m.put(prefix + "loss", loss);
    return m;
  }
}
