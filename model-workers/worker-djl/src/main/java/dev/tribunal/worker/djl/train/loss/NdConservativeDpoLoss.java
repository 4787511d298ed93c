package dev.tribunal.worker.djl.train.loss;

import ai.djl.ndarray.NDArray;
import dev.tribunal.worker.train.loss.ConservativeDpoLoss;

/** Conservative DPO on tensors: L = −(1−ε)·log σ(β·h) − ε·log σ(−β·h). */
public record NdConservativeDpoLoss(ConservativeDpoLoss def) implements NdLoss {

  @Override
  public NDArray terms(NdPairLogps p) {
    double epsilon = def.epsilon();
    NDArray x = p.h().mul((float) def.beta());
    return NdLoss.logSigmoid(x).mul((float) -(1 - epsilon)).sub(NdLoss.logSigmoid(x.neg()).mul((float) epsilon));
  }
}
