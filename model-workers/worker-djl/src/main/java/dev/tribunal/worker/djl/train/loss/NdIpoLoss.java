package dev.tribunal.worker.djl.train.loss;

import ai.djl.ndarray.NDArray;
import dev.tribunal.worker.train.LogpReduction;

/** IPO on tensors: L = (h − 1/(2β))², h from summed or per-token mean log-probabilities. */
public record NdIpoLoss(double beta, LogpReduction reduction) implements NdLoss {

  @Override
  public NDArray terms(NdPairLogps p) {
    NDArray h = reduction == LogpReduction.MEAN ? p.meanH() : p.h();
    return h.sub((float) (1 / (2 * beta))).square();
  }
}
