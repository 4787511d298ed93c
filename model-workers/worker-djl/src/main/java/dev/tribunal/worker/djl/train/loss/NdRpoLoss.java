package dev.tribunal.worker.djl.train.loss;

import ai.djl.ndarray.NDArray;
import dev.tribunal.worker.train.loss.RpoLoss;

/** RPO on tensors: L = −log σ(β·h) + α·(−log π(y_w) / |y_w|), α the NLL weight. */
public record NdRpoLoss(RpoLoss def) implements NdLoss {

  @Override
  public NDArray terms(NdPairLogps p) {
    NDArray nll = p.policyChosen().div(p.chosenTokens()).neg();
    return new NdDpoLoss(def.dpo()).terms(p).add(nll.mul((float) def.nllWeight()));
  }
}
