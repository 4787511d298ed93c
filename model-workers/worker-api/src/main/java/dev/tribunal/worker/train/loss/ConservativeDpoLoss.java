package dev.tribunal.worker.train.loss;

/**
 * Conservative DPO: DPO under the assumption that a share ε of the preference labels is flipped
 * (label smoothing), which keeps the loss from driving margins to infinity:
 *
 * <pre>  L = −(1−ε)·log σ(β·h) − ε·log σ(−β·h)</pre>
 */
public record ConservativeDpoLoss(double beta, double epsilon) implements Loss {

  @Override
  public double term(PairLogps p) {
    double x = beta * p.h();
    return -(1 - epsilon) * Loss.logSigmoid(x) - epsilon * Loss.logSigmoid(-x);
  }

  /** ∂L/∂h = β·[−(1−ε)·σ(−β·h) + ε·σ(β·h)]. */
  @Override
  public PairGradient gradient(PairLogps p) {
    double x = beta * p.h();
    double dh = beta * (-(1 - epsilon) * Loss.sigmoid(-x) + epsilon * Loss.sigmoid(x));
    return new PairGradient(dh, -dh);
  }

  @Override
  public <R> R in(Engine<R> engine) {
    return engine.conservativeDpo().apply(this);
  }
}
