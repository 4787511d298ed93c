package dev.tribunal.worker.djl.train.loss;

import ai.djl.ndarray.NDArray;
import dev.tribunal.worker.train.loss.SoftBradleyTerryLoss;

/** The soft Bradley–Terry loss on tensors: L = −[p·log σ(r1 − r2) + (1 − p)·log σ(r2 − r1)]. */
public record NdSoftBradleyTerryLoss(SoftBradleyTerryLoss def) {

  /** [B] per-pair terms from the rewards of responses 1 and 2 and the labels p, all [B] fp32. */
  public NDArray terms(NDArray rewardsA, NDArray rewardsB, NDArray labels) {
    NDArray margin = rewardsA.sub(rewardsB);
    NDArray aWins = NdLoss.logSigmoid(margin).mul(labels);
    NDArray bWins = NdLoss.logSigmoid(margin.neg()).mul(labels.neg().add(1f));
    return aWins.add(bWins).neg();
  }
}
