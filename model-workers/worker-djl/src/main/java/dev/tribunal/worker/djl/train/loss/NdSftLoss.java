package dev.tribunal.worker.djl.train.loss;

import ai.djl.ndarray.NDArray;
import dev.tribunal.worker.train.loss.SftLoss;

/** SFT on tensors: term = −log π(y | x) (summed over response tokens; the weight is |y|). */
public record NdSftLoss(SftLoss def) implements NdLoss {

  @Override
  public NDArray terms(NdPairLogps p) {
    return p.policyChosen().neg();
  }
}
