package dev.tribunal.worker.djl.train.loss;

import ai.djl.ndarray.NDArray;
import dev.tribunal.worker.train.TrainingConfig;
import dev.tribunal.worker.train.loss.ConservativeDpoLoss;
import dev.tribunal.worker.train.loss.DpoLoss;
import dev.tribunal.worker.train.loss.IpoLoss;
import dev.tribunal.worker.train.loss.Loss;
import dev.tribunal.worker.train.loss.RpoLoss;
import dev.tribunal.worker.train.loss.SftLoss;

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
  Loss.Engine<NdLoss> ON_TENSORS = new Loss.Engine<>() {
    @Override
    public NdLoss sft(SftLoss loss) {
      return new NdSftLoss(loss);
    }

    @Override
    public NdLoss dpo(DpoLoss loss) {
      return new NdDpoLoss(loss);
    }

    @Override
    public NdLoss conservativeDpo(ConservativeDpoLoss loss) {
      return new NdConservativeDpoLoss(loss);
    }

    @Override
    public NdLoss ipo(IpoLoss loss) {
      return new NdIpoLoss(loss);
    }

    @Override
    public NdLoss rpo(RpoLoss loss) {
      return new NdRpoLoss(loss);
    }
  };

  /**
   * log σ(x) = −softplus(−x): stable for large |x|, and its gradient at 0 is exactly ½ (a form
   * built from min and abs would hit their kinks there, at every pair of the first DPO step,
   * where the policy still equals the reference).
   */
  static NDArray logSigmoid(NDArray x) {
    return x.neg().getNDArrayInternal().softPlus().neg();
  }
}
