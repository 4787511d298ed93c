package dev.tribunal.worker.djl.train;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.tribunal.worker.Prompt;
import dev.tribunal.worker.djl.CheckpointWriter;
import dev.tribunal.worker.djl.checkpoint.Lineage;
import dev.tribunal.worker.djl.checkpoint.LlamaConfig;
import dev.tribunal.worker.djl.inference.Scorer;
import dev.tribunal.worker.djl.model.LlamaModel;
import dev.tribunal.worker.djl.model.LlamaWeights;
import dev.tribunal.worker.djl.tokenizer.EmbeddedTokenizer;
import dev.tribunal.worker.train.RewardPair;
import dev.tribunal.worker.train.TrainingExample;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Tiny random Llama checkpoints and synthetic data for trainer tests (the ND4J engine's tests use them too). */
public final class TinyTraining {

  /** The embedded tokenizer's ids of A..Z: a compact, valid range for synthetic text. */
  static final int FIRST_LETTER = 43; // "A"
  static final int LETTERS = 26;

  private TinyTraining() {}

  /** hidden 32, 2 layers, 4 heads over 2 kv heads, the embedded tokenizer's vocabulary. */
  public static LlamaConfig config() {
    return LlamaConfig.llama(EmbeddedTokenizer.VOCAB_SIZE, 32, 64, 2, 4, 2, 64);
  }

  static LlamaWeights weights(long seed) {
    return LlamaWeights.random(config(), Device.cpu(), DataType.FLOAT32, seed, 0.3);
  }

  /** A parent checkpoint with random weights and the embedded tokenizer. */
  static Path parent(Path dir, long seed) {
    try (LlamaWeights w = weights(seed)) {
      return CheckpointWriter.write(dir, w, EmbeddedTokenizer::writeTo, new Lineage(null, 0, "random", "none", Map.of()));
    }
  }

  /** Prompts of 3-6 letters; the response repeats the prompt (learnable), with variable lengths. */
  public static List<TrainingExample> sft(int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<TrainingExample> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int[] prompt = letters(rng, 3 + rng.nextInt(4));
      out.add(TrainingExample.sft(prompt, prompt.clone()));
    }
    return out;
  }

  /**
   * Pairs whose chosen response repeats the prompt and whose rejected response is random letters,
   * with reference log-probabilities scored by the runtime's Scorer on the parent (policy-free,
   * as the ref-logprobs stage computes them).
   */
  static List<TrainingExample> preferences(Path parent, int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<int[]> prompts = new ArrayList<>();
    List<int[]> chosen = new ArrayList<>();
    List<int[]> rejected = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int[] prompt = letters(rng, 3 + rng.nextInt(4));
      prompts.add(prompt);
      chosen.add(prompt.clone());
      rejected.add(letters(rng, 2 + rng.nextInt(6)));
    }
    double[] refChosen = referenceLogps(parent, prompts, chosen);
    double[] refRejected = referenceLogps(parent, prompts, rejected);
    List<TrainingExample> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(TrainingExample.preference(prompts.get(i), chosen.get(i), rejected.get(i), refChosen[i], refRejected[i]));
    }
    return out;
  }

  /** Summed log π_ref(response | prompt) with the runtime's Scorer. */
  static double[] referenceLogps(Path checkpoint, List<int[]> prompts, List<int[]> responses) {
    List<int[]> sequences = new ArrayList<>();
    int[] starts = new int[prompts.size()];
    for (int i = 0; i < prompts.size(); i++) {
      int[] p = prompts.get(i);
      int[] r = responses.get(i);
      int[] s = new int[p.length + r.length];
      System.arraycopy(p, 0, s, 0, p.length);
      System.arraycopy(r, 0, s, p.length, r.length);
      sequences.add(s);
      starts[i] = p.length;
    }
    LlamaConfig config = LlamaConfig.read(checkpoint);
    try (LlamaWeights w = LlamaWeights.load(checkpoint, config, Device.cpu(), DataType.FLOAT32);
        NDManager m = NDManager.newBaseManager()) {
      List<float[]> lp = new Scorer(new LlamaModel(w), m, 0, 4096).continuationLogprobs(sequences, starts);
      double[] out = new double[lp.size()];
      for (int i = 0; i < out.length; i++) {
        for (float x : lp.get(i)) out[i] += x;
      }
      return out;
    }
  }

  public static int[] letters(SplittableRandom rng, int n) {
    int[] out = new int[n];
    for (int i = 0; i < n; i++) out[i] = FIRST_LETTER + rng.nextInt(LETTERS);
    return out;
  }

  /**
   * One response of most pairs carries '#' at a random place and is preferred with label 1, 0.9
   * or 0.8 (mirrored when it is B); one pair in six has no marker and a tie label.
   */
  public static List<RewardPair> markerPairs(int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<RewardPair> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Prompt prompt = Prompt.user(text(rng, 3 + rng.nextInt(3)));
      String a = text(rng, 3 + rng.nextInt(4));
      String b = text(rng, 3 + rng.nextInt(4));
      if (i % 6 == 5) {
        out.add(new RewardPair(prompt, a, b, 0.5));
        continue;
      }
      double strength = new double[] {1.0, 0.9, 0.8}[rng.nextInt(3)];
      boolean aMarked = rng.nextBoolean();
      if (aMarked) a = marked(rng, a);
      else b = marked(rng, b);
      out.add(new RewardPair(prompt, a, b, aMarked ? strength : 1 - strength));
    }
    return out;
  }

  private static String text(SplittableRandom rng, int n) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) s.append((char) ('a' + rng.nextInt(26)));
    return s.toString();
  }

  private static String marked(SplittableRandom rng, String s) {
    int at = rng.nextInt(s.length() + 1);
    return s.substring(0, at) + "#" + s.substring(at);
  }
}
