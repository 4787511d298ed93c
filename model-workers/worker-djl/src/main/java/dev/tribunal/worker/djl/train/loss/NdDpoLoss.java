package dev.tribunal.worker.djl.train.loss;

import ai.djl.ndarray.NDArray;

/** DPO on tensors: L = −log σ(β·h). */
public record NdDpoLoss(double beta) implements NdLoss {

  @Override
  public NDArray terms(NdPairLogps p) {
    return NdLoss.logSigmoid(p.h().mul((float) beta)).neg();
  }
}
