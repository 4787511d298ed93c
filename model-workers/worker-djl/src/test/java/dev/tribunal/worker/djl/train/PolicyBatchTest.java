package dev.tribunal.worker.djl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.tribunal.worker.djl.model.LlamaModel;
import dev.tribunal.worker.djl.model.LlamaWeights;
import dev.tribunal.worker.djl.model.PaddedBatch;
import dev.tribunal.worker.djl.train.loss.NdPairLogps;
import dev.tribunal.worker.train.TrainingExample;
import dev.tribunal.worker.train.loss.PairLogps;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyBatchTest {

  private static final List<TrainingExample> PAIRS = List.of(
      TrainingExample.preference(new int[] {43, 44, 45}, new int[] {46, 47}, new int[] {48, 49, 50, 51, 52}, -1, -2),
      TrainingExample.preference(new int[] {53}, new int[] {54, 55, 56, 57}, new int[] {58}, -3, -4));

  @Test
  void scoresOnlyResponseTokensDespitePaddingAndConcatenation() {
    try (LlamaWeights w = TinyTraining.weights(3); NDManager m = NDManager.newBaseManager(); NDScope scope = new NDScope()) {
      LlamaModel model = new LlamaModel(w);
      PolicyBatch batch = PolicyBatch.of(m, PAIRS, true, 0);
      float[] batched = batch.sequenceLogps(model).toFloatArray();
      assertEquals(4, batched.length); // chosen 0, chosen 1, rejected 0, rejected 1
      assertEquals(alone(model, m, PAIRS.get(0).promptIds(), PAIRS.get(0).chosenIds()), batched[0], 1e-5);
      assertEquals(alone(model, m, PAIRS.get(1).promptIds(), PAIRS.get(1).chosenIds()), batched[1], 1e-5);
      assertEquals(alone(model, m, PAIRS.get(0).promptIds(), PAIRS.get(0).rejectedIds()), batched[2], 1e-5);
      assertEquals(alone(model, m, PAIRS.get(1).promptIds(), PAIRS.get(1).rejectedIds()), batched[3], 1e-5);
      assertEquals(3 + 2 + 3 + 5 + 1 + 4 + 1 + 1, batch.tokens());
    }
  }

  @Test
  void splitsIntoChosenAndRejectedWithReferencesAndLengths() {
    try (NDManager m = NDManager.newBaseManager(); NDScope scope = new NDScope()) {
      PolicyBatch batch = PolicyBatch.of(m, PAIRS, true, 0);
      NdPairLogps p = batch.pairLogps(m.create(new float[] {-5f, -6f, -7f, -8f}));
      assertEquals(List.of(-5f, -6f), list(p.policyChosen()));
      assertEquals(List.of(-7f, -8f), list(p.policyRejected()));
      assertEquals(List.of(-1f, -3f), list(p.refChosen()));
      assertEquals(List.of(-2f, -4f), list(p.refRejected()));
      assertEquals(List.of(2f, 4f), list(p.chosenTokens()));
      assertEquals(List.of(5f, 1f), list(p.rejectedTokens()));
      List<PairLogps> host = batch.hostLogps(new float[] {-5f, -6f, -7f, -8f});
      assertEquals(new PairLogps(-6, -3, 4, -8, -4, 1), host.get(1));
    }
  }

  @Test
  void sftBatchHoldsChosenOnly() {
    try (NDManager m = NDManager.newBaseManager(); NDScope scope = new NDScope()) {
      PolicyBatch batch = PolicyBatch.of(m, TinyTraining.sft(3, 1), false, 0);
      assertEquals(3, batch.pairLogps(m.create(new float[] {-1f, -2f, -3f})).policyChosen().size());
    }
  }

  /** The response's summed log-probability from one unpadded sequence. */
  private static float alone(LlamaModel model, NDManager m, int[] prompt, int[] response) {
    int[] s = new int[prompt.length + response.length];
    System.arraycopy(prompt, 0, s, 0, prompt.length);
    System.arraycopy(response, 0, s, prompt.length, response.length);
    PaddedBatch one = PaddedBatch.right(m, List.of(s), 0);
    float[] lp = model.tokenLogprobs(one.ids(), one.mask()).toFloatArray();
    float sum = 0;
    for (int j = prompt.length - 1; j < s.length - 1; j++) sum += lp[j];
    return sum;
  }

  private static List<Float> list(NDArray a) {
    float[] f = a.toFloatArray();
    return java.util.stream.IntStream.range(0, f.length).mapToObj(i -> f[i]).toList();
  }
}
