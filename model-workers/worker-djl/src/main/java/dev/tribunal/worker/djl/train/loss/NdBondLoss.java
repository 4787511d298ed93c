package dev.tribunal.worker.djl.train.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.tribunal.worker.train.loss.BondLoss;

/**
 * {@link BondLoss} on tensors: the batch's J_β loss from its [B] summed response log-probs. The
 * effective rewards R, and with them the baselines and advantages, are built from a detached
 * copy of the log-probs, so the gradient is exactly (1−β)·mean_fwd[−∇log π] +
 * β·mean_bwd[−(R − b)·∇log π], the policy gradient, with no term from R's own dependence on θ.
 */
public record NdBondLoss(BondLoss def) {

  /**
   * @param policyLogps [B] log π(y), differentiable under a collector
   * @param backward    which rows are backward examples (the rest are forward)
   * @param rewards     [B] the backward rows' rewards (ignored on forward rows)
   * @param weights     [B] the backward rows' policy-logp weights w in R = reward − w·log π(y)
   * @return the scalar loss
   */
  public NDArray loss(NDArray policyLogps, boolean[] backward, float[] rewards, float[] weights) {
    NDManager m = policyLogps.getManager();
    float[] isBackward = new float[backward.length];
    int nb = 0;
    for (int i = 0; i < backward.length; i++) {
      isBackward[i] = backward[i] ? 1 : 0;
      nb += backward[i] ? 1 : 0;
    }
    NDArray bMask = m.create(isBackward);
    NDArray fMask = bMask.neg().add(1);
    int nf = backward.length - nb;
    NDArray forward = nf == 0 ? m.create(0f) : policyLogps.mul(fMask).sum().neg().div(nf);
    NDArray advantage = advantages(m.create(rewards).sub(m.create(weights).mul(policyLogps.stopGradient())), bMask, nb);
    NDArray backwardTerm = nb == 0 ? m.create(0f) : advantage.mul(policyLogps).sum().neg().div(nb);
    return forward.mul((float) (1 - def.beta())).add(backwardTerm.mul((float) def.beta()));
  }

  /**
   * R − b on backward rows (0 on forward rows), with the leave-one-out baseline b_i =
   * (Σ_bwd R − R_i)/(n − 1) when there are n ≥ 2 backward rows, else 0.
   */
  private static NDArray advantages(NDArray rewards, NDArray bMask, int nb) {
    NDArray r = rewards.mul(bMask); // forward rows may carry anything; they must not enter the sum
    NDArray a = nb < 2 ? r : r.sub(r.sum().sub(r).div(nb - 1));
    return a.mul(bMask);
  }
}
