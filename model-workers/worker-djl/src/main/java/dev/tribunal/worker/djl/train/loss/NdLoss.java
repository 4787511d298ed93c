package dev.tribunal.worker.djl.train.loss;

import ai.djl.ndarray.NDArray;
import dev.tribunal.worker.train.TrainingConfig;
import dev.tribunal.worker.train.loss.Loss;

/**
 * A training objective on tensors: the per-example terms whose sum, divided by the weights the
 * scalar {@link dev.tribunal.worker.train.loss.Loss} gives, is the loss. Each implementation
 * mirrors one scalar reference class and is tested against it.
 */
public interface NdLoss {

  /** [B] per-example loss terms, differentiable through the policy log-probabilities. */
  NDArray terms(NdPairLogps p);

  /** The configured objective's loss, from its scalar definition and the settings it carries. */
  static NdLoss of(TrainingConfig c) {
    return Loss.of(c).in(ON_TENSORS);
  }

  /** Each scalar definition's tensor implementation. */
  Loss.Engine<NdLoss> ON_TENSORS = new Loss.Engine<>(NdSftLoss::new, NdDpoLoss::new, NdConservativeDpoLoss::new,
      NdIpoLoss::new, NdRpoLoss::new);

  /**
   * log σ(x) = −softplus(−x): stable for large |x|, and its gradient at 0 is exactly ½ (a form
   * built from min and abs would hit their kinks there, at every pair of the first DPO step,
   * where the policy still equals the reference).
   */
  static NDArray logSigmoid(NDArray x) {
    return x.neg().getNDArrayInternal().softPlus().neg();
  }
}
