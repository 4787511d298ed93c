package dev.tribunal.worker.train.loss;

/**
 * Supervised fine-tuning, the negative log-likelihood of response tokens only (prompt tokens are
 * context, never targets), averaged over all response tokens of the batch:
 *
 * <pre>  L = −Σ_b log π(y_b | x_b) / Σ_b |y_b|</pre>
 */
public record SftLoss() implements Loss {

  @Override
  public double term(PairLogps p) {
    return -p.policyChosen();
  }

  /** ∂(−log π(y))/∂log π(y) = −1. */
  @Override
  public PairGradient gradient(PairLogps p) {
    return new PairGradient(-1, 0);
  }

  @Override
  public double weight(int chosenTokens) {
    return chosenTokens;
  }

  @Override
  public <R> R in(Engine<R> engine) {
    return engine.sft().apply(this);
  }
}
