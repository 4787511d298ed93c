package dev.tribunal.worker.djl.train.loss;

import ai.djl.ndarray.NDArray;

/** RPO on tensors: L = −log σ(β·h) + α·(−log π(y_w) / |y_w|). */
public record NdRpoLoss(double beta, double alpha) implements NdLoss {

  @Override
  public NDArray terms(NdPairLogps p) {
    NDArray nll = p.policyChosen().div(p.chosenTokens()).neg();
    return new NdDpoLoss(beta).terms(p).add(nll.mul((float) alpha));
  }
}
