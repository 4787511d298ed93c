package dev.tribunal.worker.train.loss;

import java.util.List;

/**
 * A reward model's rewards r1, r2 of the two responses of a pair, with the soft label p1 =
 * P(response 1 preferred): what the soft Bradley–Terry loss and the reward metrics read, as
 * {@link PairLogps} is for policy losses.
 */
public record PairRewards(double rewardA, double rewardB, double label) {

  /** r1 − r2. */
  public double margin() {
    return rewardA - rewardB;
  }

  /** Whether the label prefers either response; a 0.5 label is a tie, which no order gets right. */
  public boolean decisive() {
    return label != 0.5;
  }

  /** Whether the rewards order the pair strictly as the label does; equal rewards never agree. */
  public boolean agrees() {
    return label > 0.5 ? rewardA > rewardB : rewardB > rewardA;
  }

  /** The share of decisive pairs whose rewards agree with their label; NaN when none is decisive. */
  public static double accuracy(List<PairRewards> pairs) {
    long decisive = pairs.stream().filter(PairRewards::decisive).count();
    long agree = pairs.stream().filter(p -> p.decisive() && p.agrees()).count();
    return decisive == 0 ? Double.NaN : (double) agree / decisive;
  }
}
