package dev.tribunal.jobs.seed;

import dev.tribunal.jobs.config.ConfigLoader;
import dev.tribunal.jobs.config.SettingException;
import dev.tribunal.jobs.config.WorldConfig;
import dev.tribunal.jobs.eval.GoldEvaluation;
import dev.tribunal.jobs.world.Family;
import dev.tribunal.jobs.world.Task;
import dev.tribunal.worker.djl.checkpoint.LlamaConfig;
import dev.tribunal.worker.djl.tokenizer.EmbeddedTokenizer;
import java.util.List;
import java.util.Set;

/**
 * Everything that determines the embedded seed model: the seed (world data, initial weights and
 * batch order all derive from it), the architecture, the world, the two training phases and the
 * evaluation sizes: the configuration's seed section ({@link SeedSettings}) over its world section.
 * The defaults build the checkpoint shipped in models/seed.
 *
 * <p>Training runs in two phases. The instruction phase is SFT on instruction examples alone:
 * short, similar in length, so they batch well, and they teach the skills every role needs
 * (reading the operands and copying, counting, comparing). Mixed in with the long judge and
 * meta-judge examples from the start, those skills did not emerge within the budget. The mixed
 * phase then trains all three roles together, instruction examples included so that the actor
 * keeps its skills. The feedback phase (opt-in: 0 steps by default, see the README for what it gave
 * on this model), last, trains the roles that judge the model's own answers
 * on those answers: the mixed-phase model answers fresh training prompts, gold grades the answers,
 * and the phase learns RLAIF's pairwise label and direct rating (and the judge) on them and on world
 * pairs, with a replay of the mixed phase so the earlier roles are kept.
 */
public record SeedConfig(long seed, Architecture architecture, World world, Phase instructionPhase,
    Phase mixedPhase, Mix mix, Phase feedbackPhase, Feedback feedback, Labeling labeling,
    GoldEvaluation.Sizes evaluation) {

  public SeedConfig {
    requireTraining(instructionPhase, mixedPhase);
  }

  /** Refuses two phases of 0 steps, named as the key a user would raise. */
  static void requireTraining(Phase instructionPhase, Phase mixedPhase) {
    if (instructionPhase.steps() + mixedPhase.steps() == 0) {
      throw new SettingException("mixed_phase.steps", "both training phases have 0 steps; nothing would be trained");
    }
  }

  /** A small Llama: the embedded character-level tokenizer's vocabulary, grouped-query attention. */
  public record Architecture(int hidden, int layers, int heads, int kvHeads, int intermediate, int maxPositions) {
    public Architecture {
      SettingException.atLeast("hidden", hidden, 1);
      SettingException.atLeast("layers", layers, 1);
      SettingException.atLeast("heads", heads, 1);
      SettingException.atLeast("kv_heads", kvHeads, 1);
      SettingException.atLeast("intermediate", intermediate, 1);
      SettingException.atLeast("max_positions", maxPositions, 1);
      if (hidden % heads != 0) throw new SettingException("hidden", hidden + " is not a multiple of heads (" + heads + ")");
    }

    public LlamaConfig llama() {
      return LlamaConfig.llama(EmbeddedTokenizer.VOCAB_SIZE, hidden, intermediate, layers, heads, kvHeads, maxPositions);
    }
  }

  /** Which tasks the world draws: its families and difficulty levels. */
  public record World(Set<Family> families, int minLevel, int maxLevel) {
    /** The loop's default world (tribunal-defaults.yaml), so the seed is built where the loop runs. */
    public static World ofDefaults() {
      return of(new ConfigLoader(name -> null).load(null, List.of()).world());
    }

    /** The families and levels of the configuration's world section. */
    public static World of(WorldConfig w) {
      return new World(w.familySet(), w.minLevel(), w.maxLevel());
    }

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
   * Examples of the mixed phase per role: instruction (question, bare answer), judge (judge
   * prompt, judgement), and meta-judge responses, each giving two examples (both orders).
   */
  public record Mix(int instruction, int judge, int metaJudgeResponses) {
    public Mix {
      SettingException.atLeast("instruction", instruction, 0);
      SettingException.atLeast("judge", judge, 0);
      SettingException.atLeast("meta_judge_responses", metaJudgeResponses, 0);
      if (instruction + judge + metaJudgeResponses == 0) {
        throw new SettingException("instruction", "the mix would have no examples (instruction, judge and"
            + " meta_judge_responses are all 0)");
      }
    }

    public int examples() {
      return instruction + judge + 2 * metaJudgeResponses;
    }
  }

  /**
   * The feedback phase's examples. The mixed-phase model answers {@code prompts} fresh training
   * prompts {@code samples} times at {@code temperature} (as the loop and Best-of-N sample) and gold
   * grades its answers; the phase trains on pairs of those answers of different grade (pairLabels)
   * and world pairs (worldLabels), each labeled in two steps (a rationale rating each answer, then
   * the label after it: two examples a pair), ratings (half of its own answers, half of world answers
   * of every grade), judgements of its own answers against its own greedy answer as the reference, as
   * the loop's judge sees them (judge), and a replay of mixed-phase examples (replay).
   */
  public record Feedback(int prompts, int samples, double temperature, int pairLabels, int worldLabels, int ratings,
      int judge, int replay) {
    public Feedback {
      SettingException.atLeast("prompts", prompts, 0);
      SettingException.atLeast("samples", samples, 2);
      if (!(temperature > 0)) throw new SettingException("temperature", "must be > 0, was " + temperature);
      SettingException.atLeast("pair_labels", pairLabels, 0);
      SettingException.atLeast("world_labels", worldLabels, 0);
      SettingException.atLeast("ratings", ratings, 0);
      SettingException.atLeast("judge", judge, 0);
      SettingException.atLeast("replay", replay, 0);
    }
  }

  /**
   * One SFT run with AdamW, a cosine decay after a linear warmup. A step sums the gradients of
   * gradAccumulation micro-batches of batchSize examples; a micro-batch is padded to its longest
   * example, so examples of very different lengths (the mixed phase) go one at a time. A phase of
   * 0 steps is skipped.
   */
  public record Phase(int steps, int batchSize, int gradAccumulation, double learningRate, int warmupSteps) {
    public Phase {
      SettingException.atLeast("steps", steps, 0);
      SettingException.atLeast("batch_size", batchSize, 1);
      SettingException.atLeast("grad_accumulation", gradAccumulation, 1);
      if (!(learningRate > 0)) throw new SettingException("learning_rate", "must be > 0, was " + learningRate);
      SettingException.atLeast("warmup_steps", warmupSteps, 0);
    }

    public int examplesPerStep() {
      return batchSize * gradAccumulation;
    }

    /** Examples one epoch of this phase takes. */
    public int examples() {
      return steps * examplesPerStep();
    }
  }

  public static final long DEFAULT_SEED = 20240729L;

  /**
   * The settings models/seed was built with, written out here so that the model's card and its
   * test can name them; the seed section of tribunal-defaults.yaml must bind to the same (a test
   * holds it), so that tribunal seed with no settings rebuilds the shipped model.
   */
  public static SeedConfig defaults() {
    return new SeedConfig(DEFAULT_SEED,
        new Architecture(192, 4, 6, 3, 512, 512),
        World.ofDefaults(),
        new Phase(1500, 32, 1, 1e-3, 100),
        new Phase(1500, 1, 8, 1e-3, 50),
        new Mix(3000, 7200, 900),
        new Phase(0, 1, 8, 3e-4, 30),
        new Feedback(800, 4, 1.0, 500, 500, 1200, 0, 1600),
        Labeling.ofDefaults(),
        new GoldEvaluation.Sizes(200, 240, 120));
  }

  public SeedConfig withSeed(long s) {
    return new SeedConfig(s, architecture, world, instructionPhase, mixedPhase, mix, feedbackPhase, feedback, labeling,
        evaluation);
  }

  public SeedConfig withArchitecture(Architecture a) {
    return new SeedConfig(seed, a, world, instructionPhase, mixedPhase, mix, feedbackPhase, feedback, labeling,
        evaluation);
  }

  public SeedConfig withWorld(World w) {
    return new SeedConfig(seed, architecture, w, instructionPhase, mixedPhase, mix, feedbackPhase, feedback, labeling,
        evaluation);
  }

  public SeedConfig withPhases(Phase instruction, Phase mixed) {
    return new SeedConfig(seed, architecture, world, instruction, mixed, mix, feedbackPhase, feedback, labeling,
        evaluation);
  }

  public SeedConfig withMix(Mix m) {
    return new SeedConfig(seed, architecture, world, instructionPhase, mixedPhase, m, feedbackPhase, feedback, labeling,
        evaluation);
  }

  public SeedConfig withFeedback(Phase phase, Feedback f) {
    return new SeedConfig(seed, architecture, world, instructionPhase, mixedPhase, mix, phase, f, labeling, evaluation);
  }

  public SeedConfig withEvaluation(GoldEvaluation.Sizes e) {
    return new SeedConfig(seed, architecture, world, instructionPhase, mixedPhase, mix, feedbackPhase, feedback, labeling,
        e);
  }
}
