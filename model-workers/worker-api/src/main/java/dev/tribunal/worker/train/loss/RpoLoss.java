package dev.tribunal.worker.train.loss;

/**
 * DPO plus a length-normalised NLL of the chosen response (RPO, Pang et al. 2024), which keeps
 * the chosen response's likelihood from falling while the margin grows:
 *
 * <pre>  L = −log σ(β·h) + α·(−log π(y_w) / |y_w|)</pre>
 */
public record RpoLoss(double beta, double alpha) implements Loss {

  @Override
  public double term(PairLogps p) {
    return new DpoLoss(beta).term(p) + alpha * (-p.policyChosen() / p.chosenTokens());
  }
}
