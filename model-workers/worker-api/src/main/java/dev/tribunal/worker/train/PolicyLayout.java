package dev.tribunal.worker.train;

import dev.tribunal.worker.train.loss.PairLogps;
import java.util.ArrayList;
import java.util.List;

/**
 * One policy micro-batch laid out on the host, the same for every engine: every prompt+chosen
 * sequence, then (for preference objectives) every prompt+rejected sequence, right-padded into
 * [rows, width] ids with a 1/0 mask, so chosen and rejected cost one forward. The response mask
 * [rows, width − 1] selects the log-probabilities whose target is a response token: the
 * prompt/response boundary in token space. Engines copy these arrays onto their devices.
 */
public final class PolicyLayout {

  private final List<TrainingExample> examples;
  private final boolean preference;
  private final int width;
  private final long[] ids;
  private final float[] mask;
  private final float[] responseMask;
  private final long tokens;

  private PolicyLayout(List<TrainingExample> examples, boolean preference, int width, long[] ids, float[] mask,
      float[] responseMask, long tokens) {
    this.examples = examples;
    this.preference = preference;
    this.width = width;
    this.ids = ids;
    this.mask = mask;
    this.responseMask = responseMask;
    this.tokens = tokens;
  }

  public static PolicyLayout of(List<TrainingExample> examples, boolean preference, int padId) {
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
    int width = sequences.stream().mapToInt(s -> s.length).max().orElse(0);
    long[] ids = new long[sequences.size() * width];
    float[] mask = new float[ids.length];
    int targets = width - 1;
    float[] response = new float[sequences.size() * targets];
    long tokens = 0;
    for (int b = 0; b < sequences.size(); b++) {
      int[] s = sequences.get(b);
      for (int t = 0; t < width; t++) ids[b * width + t] = t < s.length ? s[t] : padId;
      for (int t = 0; t < s.length; t++) mask[b * width + t] = 1f;
      int prompt = bounds.get(b)[0];
      int length = bounds.get(b)[1];
      // logprob column j scores token j + 1, so response tokens prompt..prompt+length-1 sit in
      // columns prompt-1..prompt+length-2
      for (int j = prompt - 1; j < prompt + length - 1; j++) response[b * targets + j] = 1f;
      tokens += prompt + length;
    }
    return new PolicyLayout(List.copyOf(examples), preference, width, ids, mask, response, tokens);
  }

  /** Sequences in the batch: the examples, twice for preference objectives (chosen, then rejected). */
  public int rows() {
    return preference ? 2 * examples.size() : examples.size();
  }

  /** The longest sequence. */
  public int width() {
    return width;
  }

  /** [rows, width] token ids, right-padded. Not a copy: do not modify. */
  public long[] ids() {
    return ids;
  }

  /** [rows, width] 1 for a real token, 0 for padding. Not a copy: do not modify. */
  public float[] mask() {
    return mask;
  }

  /** [rows, width − 1] 1 where log-probability column j scores a response token. Not a copy: do not modify. */
  public float[] responseMask() {
    return responseMask;
  }

  /** Prompt and response tokens the policy processes, padding excluded. */
  public long tokens() {
    return tokens;
  }

  public boolean preference() {
    return preference;
  }

  /** [examples] the chosen responses' lengths in tokens. */
  public float[] chosenTokens() {
    return perExample(e -> e.chosenIds().length);
  }

  /** [examples] the rejected responses' lengths in tokens (preference objectives). */
  public float[] rejectedTokens() {
    return perExample(e -> e.rejectedIds().length);
  }

  /** [examples] the reference's summed log-probabilities of the chosen responses (preference objectives). */
  public float[] refChosen() {
    return perExample(e -> e.refChosenLogp().floatValue());
  }

  /** [examples] the reference's summed log-probabilities of the rejected responses (preference objectives). */
  public float[] refRejected() {
    return perExample(e -> e.refRejectedLogp().floatValue());
  }

  /** The loss inputs of every example from the [rows] summed response log-probabilities, read back to the host. */
  public List<PairLogps> pairLogps(float[] sequenceLogps) {
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

  private float[] perExample(java.util.function.ToDoubleFunction<TrainingExample> f) {
    float[] out = new float[examples.size()];
    for (int i = 0; i < out.length; i++) out[i] = (float) f.applyAsDouble(examples.get(i));
    return out;
  }
}
