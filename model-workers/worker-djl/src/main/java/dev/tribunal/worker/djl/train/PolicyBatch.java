package dev.tribunal.worker.djl.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.tribunal.worker.djl.model.LlamaModel;
import dev.tribunal.worker.djl.model.PaddedBatch;
import dev.tribunal.worker.djl.train.loss.NdPairLogps;
import dev.tribunal.worker.train.TrainingExample;
import dev.tribunal.worker.train.loss.PairLogps;
import java.util.ArrayList;
import java.util.List;

/**
 * One micro-batch as the policy sees it: every prompt+chosen sequence, then (for preference
 * objectives) every prompt+rejected sequence, right-padded into one [N, T] batch so chosen and
 * rejected cost one forward. The response mask [N, T−1] selects the log-probabilities whose
 * target is a response token: the prompt/response boundary in token space.
 */
final class PolicyBatch {

  private final List<TrainingExample> examples;
  private final boolean preference;
  private final PaddedBatch padded;
  private final NDArray responseMask;
  private final long tokens;

  private PolicyBatch(List<TrainingExample> examples, boolean preference, PaddedBatch padded, NDArray responseMask,
      long tokens) {
    this.examples = examples;
    this.preference = preference;
    this.padded = padded;
    this.responseMask = responseMask;
    this.tokens = tokens;
  }

  static PolicyBatch of(NDManager manager, List<TrainingExample> examples, boolean preference, int padId) {
    List<int[]> sequences = new ArrayList<>();
    List<int[]> bounds = new ArrayList<>(); // {prompt length, response length}
    for (TrainingExample e : examples) {
      sequences.add(e.chosenSequence());
      bounds.add(new int[] {e.promptIds().length, e.chosenIds().length});
    }
    if (preference) {
      for (TrainingExample e : examples) {
        sequences.add(e.rejectedSequence());
        bounds.add(new int[] {e.promptIds().length, e.rejectedIds().length});
      }
    }
    PaddedBatch padded = PaddedBatch.right(manager, sequences, padId);
    int targets = padded.width() - 1;
    float[] mask = new float[sequences.size() * targets];
    long tokens = 0;
    for (int b = 0; b < sequences.size(); b++) {
      int prompt = bounds.get(b)[0];
      int response = bounds.get(b)[1];
      // logprob column j scores token j + 1, so response tokens prompt..prompt+response-1 sit in
      // columns prompt-1..prompt+response-2
      for (int j = prompt - 1; j < prompt + response - 1; j++) mask[b * targets + j] = 1f;
      tokens += prompt + response;
    }
    NDArray responseMask = manager.create(mask, new Shape(sequences.size(), targets));
    return new PolicyBatch(List.copyOf(examples), preference, padded, responseMask, tokens);
  }

  /** [N] summed response log-probabilities under the model; differentiable under a collector. */
  NDArray sequenceLogps(LlamaModel model) {
    return model.tokenLogprobs(padded.ids(), padded.mask()).mul(responseMask).sum(new int[] {1});
  }

  /** The loss inputs: chosen and rejected halves of the sequence log-probabilities, references, lengths. */
  NdPairLogps pairLogps(NDArray sequenceLogps) {
    NDManager m = sequenceLogps.getManager();
    int b = examples.size();
    float[] chosenTokens = new float[b];
    for (int i = 0; i < b; i++) chosenTokens[i] = examples.get(i).chosenIds().length;
    if (!preference) return new NdPairLogps(sequenceLogps, null, m.create(chosenTokens), null, null, null);
    NDList halves = sequenceLogps.split(2);
    float[] refChosen = new float[b];
    float[] refRejected = new float[b];
    float[] rejectedTokens = new float[b];
    for (int i = 0; i < b; i++) {
      TrainingExample e = examples.get(i);
      refChosen[i] = e.refChosenLogp().floatValue();
      refRejected[i] = e.refRejectedLogp().floatValue();
      rejectedTokens[i] = e.rejectedIds().length;
    }
    return new NdPairLogps(halves.get(0), m.create(refChosen), m.create(chosenTokens), halves.get(1),
        m.create(refRejected), m.create(rejectedTokens));
  }

  /** The same values on the host, from the sequence log-probabilities read back, for the metrics. */
  List<PairLogps> hostLogps(float[] sequenceLogps) {
    int b = examples.size();
    List<PairLogps> out = new ArrayList<>(b);
    for (int i = 0; i < b; i++) {
      TrainingExample e = examples.get(i);
      out.add(preference
          ? new PairLogps(sequenceLogps[i], e.refChosenLogp(), e.chosenIds().length, sequenceLogps[b + i],
              e.refRejectedLogp(), e.rejectedIds().length)
          : PairLogps.sft(sequenceLogps[i], e.chosenIds().length));
    }
    return out;
  }

  /** Prompt and response tokens the policy processes, padding excluded. */
  long tokens() {
    return tokens;
  }
}
