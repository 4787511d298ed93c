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

  @Override
  public <R> R in(Engine<R> engine) {
    return engine.dpo().apply(this);
  }
}
