package dev.tribunal.worker.djl.train.loss;

import ai.djl.ndarray.NDArray;

/**
 * {@link dev.tribunal.worker.train.loss.PairLogps} for a batch, as [B] fp32 arrays: summed
 * response log-probabilities under the policy (differentiable) and the reference (constants), and
 * the response lengths in tokens. For SFT the rejected and reference arrays are null.
 */
public record NdPairLogps(NDArray policyChosen, NDArray refChosen, NDArray chosenTokens, NDArray policyRejected,
    NDArray refRejected, NDArray rejectedTokens) {

  public NDArray chosenLogRatio() {
    return policyChosen.sub(refChosen);
  }

  public NDArray rejectedLogRatio() {
    return policyRejected.sub(refRejected);
  }

  /** h = [log π(y_w) − log π_ref(y_w)] − [log π(y_l) − log π_ref(y_l)]. */
  public NDArray h() {
    return chosenLogRatio().sub(rejectedLogRatio());
  }

  /** h with each log-ratio divided by its response's token count. */
  public NDArray meanH() {
    return chosenLogRatio().div(chosenTokens).sub(rejectedLogRatio().div(rejectedTokens));
  }
}
