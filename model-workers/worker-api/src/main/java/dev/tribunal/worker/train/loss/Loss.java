package dev.tribunal.worker.train.loss;

import dev.tribunal.worker.train.TrainingConfig;
import java.util.List;
import java.util.function.Function;

/**
 * A training objective as a scalar reference: the loss of a batch is Σ term / Σ weight over its
 * examples. Preference losses weigh every pair 1 (a mean over pairs); SFT weighs an example by
 * its response tokens (a mean over tokens). Keeping the two sums apart lets gradient accumulation
 * divide by the whole optimizer step's weight, so accumulated micro-batches give exactly the
 * gradient of one large batch. Engines implement the same terms on tensors and test against these.
 */
public interface Loss {

  /** The example's contribution to the numerator. */
  double term(PairLogps p);

  /**
   * ∂term/∂log π(y_w) and ∂term/∂log π(y_l): the same equation differentiated by hand, for an
   * engine without autodiff; tested against finite differences of {@link #term}.
   */
  PairGradient gradient(PairLogps p);

  /** The example's contribution to the denominator; it depends only on token counts. */
  default double weight(int chosenTokens) {
    return 1;
  }

  default double loss(List<PairLogps> batch) {
    double terms = 0;
    double weights = 0;
    for (PairLogps p : batch) {
      terms += term(p);
      weights += weight(p.chosenTokens());
    }
    return terms / weights;
  }

  /** The configured objective's loss; {@link dev.tribunal.worker.train.Objective} lists them. */
  static Loss of(TrainingConfig c) {
    return c.objective().loss(c);
  }

  /** This definition's counterpart in an engine, with the settings it carries. */
  <R> R in(Engine<R> engine);

  /**
   * How an engine implements each definition, one constructor per loss. A new definition adds a
   * component here, so every engine fails to compile until it implements the new loss, instead of
   * failing at run time.
   */
  record Engine<R>(Function<SftLoss, R> sft, Function<DpoLoss, R> dpo,
      Function<ConservativeDpoLoss, R> conservativeDpo, Function<IpoLoss, R> ipo, Function<RpoLoss, R> rpo) {}

  /** σ(x) = 1 / (1 + e^−x), without overflow for large |x|. */
  static double sigmoid(double x) {
    return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
  }

  /** log σ(x), without overflow for large |x|. */
  static double logSigmoid(double x) {
    return x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x));
  }
}
