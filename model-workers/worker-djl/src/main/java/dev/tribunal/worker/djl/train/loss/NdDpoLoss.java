package dev.tribunal.worker.djl.train.loss;

import ai.djl.ndarray.NDArray;
import dev.tribunal.worker.train.loss.DpoLoss;

/** DPO on tensors: L = −log σ(β·h). */
public record NdDpoLoss(DpoLoss def) implements NdLoss {

  @Override
  public NDArray terms(NdPairLogps p) {
    return NdLoss.logSigmoid(p.h().mul((float) def.beta())).neg();
  }
}
