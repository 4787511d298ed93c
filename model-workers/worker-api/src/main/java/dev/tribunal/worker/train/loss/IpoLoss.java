package dev.tribunal.worker.train.loss;

import dev.tribunal.worker.train.LogpReduction;

/**
 * Identity preference optimisation (Azar et al. 2023): regress h onto a finite target instead of
 * pushing it to infinity, so the policy cannot run away from the reference on deterministic
 * preferences:
 *
 * <pre>  L = (h − 1/(2β))²</pre>
 *
 * h uses summed log-probabilities, or per-token means (each log-probability divided by its
 * response length, as TRL does), by configuration.
 */
public record IpoLoss(double beta, LogpReduction reduction) implements Loss {

  @Override
  public double term(PairLogps p) {
    double h = reduction == LogpReduction.MEAN ? p.meanH() : p.h();
    double d = h - 1 / (2 * beta);
    return d * d;
  }

  /** ∂L/∂h = 2·(h − 1/(2β)); with per-token means h's derivatives are 1/|y_w| and −1/|y_l|. */
  @Override
  public PairGradient gradient(PairLogps p) {
    boolean mean = reduction == LogpReduction.MEAN;
    double dh = 2 * ((mean ? p.meanH() : p.h()) - 1 / (2 * beta));
    return mean ? new PairGradient(dh / p.chosenTokens(), -dh / p.rejectedTokens()) : new PairGradient(dh, -dh);
  }

  @Override
  public <R> R in(Engine<R> engine) {
    return engine.ipo().apply(this);
  }
}
