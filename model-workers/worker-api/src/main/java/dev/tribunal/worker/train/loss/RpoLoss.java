package dev.tribunal.worker.train.loss;

/**
 * DPO plus a length-normalised NLL of the chosen response (RPO, Pang et al. 2024), which keeps
 * the chosen response's likelihood from falling while the margin grows:
 *
 * <pre>  L = −log σ(β·h) + α·(−log π(y_w) / |y_w|)</pre>
 *
 * with α the NLL weight.
 */
public record RpoLoss(double beta, double nllWeight) implements Loss {

  @Override
  public double term(PairLogps p) {
    return dpo().term(p) + nllWeight * (-p.policyChosen() / p.chosenTokens());
  }

  /** DPO's derivatives, plus −α/|y_w| on the chosen response from the NLL term. */
  @Override
  public PairGradient gradient(PairLogps p) {
    PairGradient dpo = dpo().gradient(p);
    return new PairGradient(dpo.chosen() - nllWeight / p.chosenTokens(), dpo.rejected());
  }

  /** The DPO part of the loss. */
  public DpoLoss dpo() {
    return new DpoLoss(beta);
  }

  @Override
  public <R> R in(Engine<R> engine) {
    return engine.rpo().apply(this);
  }
}
