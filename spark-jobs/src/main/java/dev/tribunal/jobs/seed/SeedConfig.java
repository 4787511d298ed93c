package dev.tribunal.jobs.seed;

import dev.tribunal.jobs.eval.GoldEvaluation;
import dev.tribunal.jobs.world.Family;
import dev.tribunal.jobs.world.Task;
import dev.tribunal.worker.djl.checkpoint.LlamaConfig;
import dev.tribunal.worker.djl.tokenizer.EmbeddedTokenizer;
import java.util.EnumSet;
import java.util.Set;

/**
 * Everything that determines the embedded seed model: the seed (world data, initial weights and
 * batch order all derive from it), the architecture, the data mix, the optimisation and the
 * evaluation sizes. The defaults build the checkpoint shipped in models/seed.
 */
public record SeedConfig(long seed, Architecture architecture, World world, Mix mix, Optimisation optimisation,
    GoldEvaluation.Sizes evaluation) {

  /** A small Llama: the embedded character-level tokenizer's vocabulary, grouped-query attention. */
  public record Architecture(int hidden, int layers, int heads, int kvHeads, int intermediate, int maxPositions) {
    public Architecture {
      positive("hidden", hidden);
      positive("layers", layers);
      positive("heads", heads);
      positive("kv heads", kvHeads);
      positive("intermediate", intermediate);
      positive("max positions", maxPositions);
      if (hidden % heads != 0) throw new IllegalArgumentException("seed: hidden " + hidden + " is not a multiple of heads " + heads);
    }

    public LlamaConfig llama() {
      return LlamaConfig.llama(EmbeddedTokenizer.VOCAB_SIZE, hidden, intermediate, layers, heads, kvHeads, maxPositions);
    }
  }

  /** Which tasks the world draws: its families and difficulty levels. */
  public record World(Set<Family> families, int minLevel, int maxLevel) {
    public World {
      if (families == null || families.isEmpty()) throw new IllegalArgumentException("seed: the world needs a family");
      families = Set.copyOf(families);
      if (minLevel < 1 || maxLevel > Task.MAX_LEVEL || minLevel > maxLevel) {
        throw new IllegalArgumentException("seed: levels must satisfy 1 <= min <= max <= " + Task.MAX_LEVEL
            + ", got " + minLevel + ".." + maxLevel);
      }
    }
  }

  /**
   * Training examples per role: instruction (question, bare answer), judge (judge prompt,
   * judgement), and meta-judge responses, each giving two examples (both orders).
   */
  public record Mix(int instruction, int judge, int metaJudgeResponses) {
    public Mix {
      if (instruction < 0 || judge < 0 || metaJudgeResponses < 0 || instruction + judge + metaJudgeResponses == 0) {
        throw new IllegalArgumentException("seed: example counts must be >= 0 and not all 0, got "
            + instruction + ", " + judge + ", " + metaJudgeResponses);
      }
    }

    public int examples() {
      return instruction + judge + 2 * metaJudgeResponses;
    }
  }

  /**
   * SFT with AdamW: a cosine schedule after a linear warmup. A step sums the gradients of
   * examplesPerStep examples taken one at a time: examples differ up to eight-fold in length, and
   * padding them into one batch cost more than one-example matrix products lose.
   */
  public record Optimisation(int steps, int examplesPerStep, double learningRate, int warmupSteps, double weightDecay) {
    public Optimisation {
      positive("steps", steps);
      positive("examples per step", examplesPerStep);
      if (!(learningRate > 0)) throw new IllegalArgumentException("seed: learning rate must be > 0, was " + learningRate);
      if (warmupSteps < 0) throw new IllegalArgumentException("seed: warmup steps must be >= 0, was " + warmupSteps);
      if (!(weightDecay >= 0)) throw new IllegalArgumentException("seed: weight decay must be >= 0, was " + weightDecay);
    }
  }

  public static final long DEFAULT_SEED = 20240729L;

  public static SeedConfig defaults() {
    return new SeedConfig(DEFAULT_SEED,
        new Architecture(192, 4, 6, 3, 512, 512),
        new World(EnumSet.allOf(Family.class), 1, Task.MAX_LEVEL),
        new Mix(11520, 8960, 2560),
        new Optimisation(3200, 8, 1e-3, 100, 0.01),
        new GoldEvaluation.Sizes(200, 240, 120));
  }

  public SeedConfig withSeed(long s) {
    return new SeedConfig(s, architecture, world, mix, optimisation, evaluation);
  }

  public SeedConfig withArchitecture(Architecture a) {
    return new SeedConfig(seed, a, world, mix, optimisation, evaluation);
  }

  public SeedConfig withWorld(World w) {
    return new SeedConfig(seed, architecture, w, mix, optimisation, evaluation);
  }

  public SeedConfig withMix(Mix m) {
    return new SeedConfig(seed, architecture, world, m, optimisation, evaluation);
  }

  public SeedConfig withOptimisation(Optimisation o) {
    return new SeedConfig(seed, architecture, world, mix, o, evaluation);
  }

  public SeedConfig withEvaluation(GoldEvaluation.Sizes e) {
    return new SeedConfig(seed, architecture, world, mix, optimisation, e);
  }

  private static void positive(String what, int value) {
    if (value < 1) throw new IllegalArgumentException("seed: " + what + " must be >= 1, was " + value);
  }
}
