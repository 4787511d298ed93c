package dev.tribunal.worker.djl.train.loss;

import ai.djl.ndarray.NDArray;
import dev.tribunal.worker.train.LogpReduction;
import dev.tribunal.worker.train.loss.IpoLoss;

/** IPO on tensors: L = (h − 1/(2β))², h from summed or per-token mean log-probabilities. */
public record NdIpoLoss(IpoLoss def) implements NdLoss {

  @Override
  public NDArray terms(NdPairLogps p) {
    NDArray h = def.reduction() == LogpReduction.MEAN ? p.meanH() : p.h();
    return h.sub((float) (1 / (2 * def.beta()))).square();
  }
}
