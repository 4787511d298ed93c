package dev.tribunal.worker.train.loss;

import dev.tribunal.worker.train.BondExample;

/**
 * What {@link BondLoss} reads of one example: its term, the policy's summed log π(y) of the
 * response (and end-of-turn token), and the reward inputs of a backward example.
 */
public record BondLogp(BondExample.Term term, double policyLogp, double reward, double policyLogpWeight) {

  public boolean backward() {
    return term == BondExample.Term.BACKWARD;
  }

  /**
   * R = reward − policyLogpWeight·log π(y). log π(y) enters R as a constant: the backward KL's
   * gradient is a policy gradient, E[R·∇log π], and differentiating R itself would add a term
   * the estimator does not have (on tensors, a stop-gradient).
   */
  public double effectiveReward() {
    return reward - policyLogpWeight * policyLogp;
  }
}
