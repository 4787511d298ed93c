package dev.tribunal.worker.train.loss;

import java.util.List;

/**
 * The distilled reward model's loss (spec 2.6), the cross-entropy between the soft label and the
 * Bradley–Terry probability σ(r1 − r2) that response 1 is preferred:
 *
 * <pre>  L = −[p1·log σ(r1 − r2) + p2·log σ(r2 − r1)],  p2 = 1 − p1</pre>
 *
 * Its gradient dL/dr1 = σ(r1 − r2) − p1 = −dL/dr2 vanishes where the model's probability equals
 * the label: a 0.5 label pulls the two rewards together rather than apart, and p1 = 1 gives the
 * hard Bradley–Terry loss −log σ(r1 − r2). (It is conservative DPO's form, with ε = p2 and the
 * reward margin in place of β·h.) A batch's loss is the mean over its pairs.
 */
public record SoftBradleyTerryLoss() {

  public double term(PairRewards p) {
    double d = p.margin();
    return -(p.label() * Loss.logSigmoid(d) + (1 - p.label()) * Loss.logSigmoid(-d));
  }

  public double loss(List<PairRewards> batch) {
    if (batch.isEmpty()) throw new IllegalArgumentException("soft Bradley-Terry loss of an empty batch");
    return batch.stream().mapToDouble(this::term).sum() / batch.size();
  }

  /** dL/dr1 of one pair's term; dL/dr2 is its negative. */
  public double gradient(PairRewards p) {
    return 1 / (1 + Math.exp(-p.margin())) - p.label();
  }
}
