package dev.tribunal.worker.djl.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.tribunal.worker.djl.model.LlamaModel;
import dev.tribunal.worker.djl.train.loss.NdPairLogps;
import dev.tribunal.worker.train.PolicyLayout;
import dev.tribunal.worker.train.TrainingExample;
import dev.tribunal.worker.train.loss.PairLogps;
import java.util.List;

/**
 * One micro-batch as the policy sees it: the engine-neutral {@link PolicyLayout} (chosen and
 * rejected sequences right-padded into one [N, T] batch, the response mask [N, T−1]) on the
 * device: the layout's token ids, attention mask and response mask as arrays.
 */
record PolicyBatch(PolicyLayout layout, NDArray ids, NDArray mask, NDArray responseMask) {

  static PolicyBatch of(NDManager manager, List<TrainingExample> examples, boolean preference, int padId) {
    PolicyLayout layout = PolicyLayout.of(examples, preference, padId);
    Shape shape = new Shape(layout.rows(), layout.width());
    return new PolicyBatch(layout, manager.create(layout.ids(), shape), manager.create(layout.mask(), shape),
        manager.create(layout.responseMask(), new Shape(layout.rows(), layout.width() - 1)));
  }

  /** [N] summed response log-probabilities under the model; differentiable under a collector. */
  NDArray sequenceLogps(LlamaModel model) {
    return model.tokenLogprobs(ids, mask).mul(responseMask).sum(new int[] {1});
  }

  /** The loss inputs: chosen and rejected halves of the sequence log-probabilities, references, lengths. */
  NdPairLogps pairLogps(NDArray sequenceLogps) {
    NDManager m = sequenceLogps.getManager();
    NDArray chosenTokens = m.create(layout.chosenTokens());
    if (!layout.preference()) return new NdPairLogps(sequenceLogps, null, chosenTokens, null, null, null);
    NDList halves = sequenceLogps.split(2);
    return new NdPairLogps(halves.get(0), m.create(layout.refChosen()), chosenTokens, halves.get(1),
        m.create(layout.refRejected()), m.create(layout.rejectedTokens()));
  }

  /** The same values on the host, from the sequence log-probabilities read back, for the metrics. */
  List<PairLogps> hostLogps(float[] sequenceLogps) {
    return layout.pairLogps(sequenceLogps);
  }

  /** Prompt and response tokens the policy processes, padding excluded. */
  long tokens() {
    return layout.tokens();
  }
}
