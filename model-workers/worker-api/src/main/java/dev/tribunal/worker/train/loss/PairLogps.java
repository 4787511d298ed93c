package dev.tribunal.worker.train.loss;

/**
 * Summed response log-probabilities of one example under the policy π and the reference π_ref,
 * with the response lengths in tokens. For SFT only the chosen policy values are meaningful.
 */
public record PairLogps(double policyChosen, double refChosen, int chosenTokens, double policyRejected,
    double refRejected, int rejectedTokens) {

  public static PairLogps sft(double policyLogp, int tokens) {
    return new PairLogps(policyLogp, Double.NaN, tokens, Double.NaN, Double.NaN, 0);
  }

  /** log π(y_w) − log π_ref(y_w): chosen's implicit reward, before β. */
  public double chosenLogRatio() {
    return policyChosen - refChosen;
  }

  public double rejectedLogRatio() {
    return policyRejected - refRejected;
  }

  /** h = [log π(y_w) − log π_ref(y_w)] − [log π(y_l) − log π_ref(y_l)], with summed log-probs. */
  public double h() {
    return chosenLogRatio() - rejectedLogRatio();
  }

  /** h with each log-probability divided by its response's token count. */
  public double meanH() {
    return chosenLogRatio() / chosenTokens - rejectedLogRatio() / rejectedTokens;
  }
}
