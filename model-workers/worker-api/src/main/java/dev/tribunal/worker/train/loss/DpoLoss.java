package dev.tribunal.worker.train.loss;

/**
 * Direct preference optimisation (Rafailov et al. 2023), per pair:
 *
 * <pre>  L = −log σ(β·h),  h = [log π(y_w) − log π_ref(y_w)] − [log π(y_l) − log π_ref(y_l)]</pre>
 *
 * with summed response log-probabilities. When π equals π_ref, h = 0 and L = ln 2.
 */
public record DpoLoss(double beta) implements Loss {

  @Override
  public double term(PairLogps p) {
    return -Loss.logSigmoid(beta * p.h());
  }

  /** ∂L/∂h = −β·σ(−β·h), and ∂h/∂log π(y_w) = 1 = −∂h/∂log π(y_l). */
  @Override
  public PairGradient gradient(PairLogps p) {
    double dh = -beta * Loss.sigmoid(-beta * p.h());
    return new PairGradient(dh, -dh);
  }

  @Override
  public <R> R in(Engine<R> engine) {
    return engine.dpo().apply(this);
  }
}
