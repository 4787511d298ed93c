package dev.tribunal.worker.djl.train.loss;

import ai.djl.ndarray.NDArray;

/** Conservative DPO on tensors: L = −(1−ε)·log σ(β·h) − ε·log σ(−β·h). */
public record NdConservativeDpoLoss(double beta, double epsilon) implements NdLoss {

  @Override
  public NDArray terms(NdPairLogps p) {
    NDArray x = p.h().mul((float) beta);
    return NdLoss.logSigmoid(x).mul((float) -(1 - epsilon)).sub(NdLoss.logSigmoid(x.neg()).mul((float) epsilon));
  }
}
