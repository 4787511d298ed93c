package dev.tribunal.jobs.cli;

import dev.tribunal.jobs.config.ConfigException;
import dev.tribunal.jobs.eval.GoldEvaluation;
import dev.tribunal.jobs.seed.SeedBuilder;
import dev.tribunal.jobs.seed.SeedConfig;
import dev.tribunal.jobs.world.Family;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "seed", mixinStandardHelpOptions = true,
    description = {
        "Build the embedded seed model from nothing: random weights, SFT on the task world's instruction,",
        "judge and meta-judge data, an evaluation against gold on held-out prompts, and a model card.",
        "Writes a Hugging Face-layout checkpoint with lineage.json and MODEL_CARD.md; prints the figures.",
        "Progress goes to stderr. The defaults rebuild models/seed (15 to 20 minutes on 2 CPU cores)."})
final class SeedCommand implements Callable<Integer> {
  private static final SeedConfig DEFAULTS = SeedConfig.defaults();

  @Option(names = "--out", defaultValue = "models/seed", paramLabel = "DIR",
      description = "Checkpoint directory to create; it must not exist. Default: ${DEFAULT-VALUE}.")
  Path out;

  @Option(names = "--seed", paramLabel = "N", description = "World data, initial weights and batch order. Default: "
      + SeedConfig.DEFAULT_SEED + ".")
  Long seed;

  @Option(names = "--steps", paramLabel = "N", description = "Optimizer steps of the mixed phase (all three roles).")
  Integer steps;

  @Option(names = "--examples-per-step", paramLabel = "N", description = "Examples per step of the mixed phase.")
  Integer examplesPerStep;

  @Option(names = "--lr", paramLabel = "X", description = "Peak learning rate of the mixed phase.")
  Double learningRate;

  @Option(names = "--instruction-steps", paramLabel = "N",
      description = "Optimizer steps of the instruction phase (instruction examples only, first); 0 skips it.")
  Integer instructionSteps;

  @Option(names = "--instruction-batch", paramLabel = "N", description = "Examples per step of the instruction phase.")
  Integer instructionBatch;

  @Option(names = "--instruction-lr", paramLabel = "X", description = "Peak learning rate of the instruction phase.")
  Double instructionLearningRate;

  @Option(names = "--hidden", paramLabel = "N", description = "Hidden size.")
  Integer hidden;

  @Option(names = "--layers", paramLabel = "N", description = "Transformer layers.")
  Integer layers;

  @Option(names = "--heads", paramLabel = "N", description = "Attention heads.")
  Integer heads;

  @Option(names = "--kv-heads", paramLabel = "N", description = "Key-value heads.")
  Integer kvHeads;

  @Option(names = "--intermediate", paramLabel = "N", description = "MLP size.")
  Integer intermediate;

  @Option(names = "--instruction-examples", paramLabel = "N", description = "Instruction examples of the mixed phase.")
  Integer instruction;

  @Option(names = "--judge-examples", paramLabel = "N", description = "Judge examples of the mixed phase.")
  Integer judge;

  @Option(names = "--meta-judge-responses", paramLabel = "N",
      description = "Meta-judge responses of the mixed phase (two examples each, both orders).")
  Integer metaJudge;

  @Option(names = "--families", split = ",", paramLabel = "FAMILY", description = "Task families (default: world.families of the defaults).")
  List<Family> families;

  @Option(names = "--levels", paramLabel = "MIN-MAX", description = "Task levels, e.g. 1-3 (default: world.min_level-world.max_level of the defaults).")
  String levels;

  @Option(names = "--eval", split = ",", paramLabel = "N", description = "Held-out actor prompts, judge items and"
      + " meta-judge pairs, e.g. 200,240,120.")
  List<Integer> eval;

  @Option(names = "--device", defaultValue = "cpu", description = "cpu or gpu:N. Default: ${DEFAULT-VALUE}.")
  String device;

  @Option(names = "--verbose", description = "Show stack traces on failure.")
  boolean verbose;

  @Override
  public Integer call() {
    SeedConfig config = config();
    SeedBuilder.Result r = new SeedBuilder(config, device, System.err).build(out);
    System.out.printf(Locale.ROOT, "seed model written to %s (training %s)%n", r.checkpoint(), clock(r.trainSeconds()));
    r.figures().lines().forEach(System.out::println);
    return ExitCodes.OK;
  }

  SeedConfig config() {
    try {
      SeedConfig c = DEFAULTS.withSeed(seed == null ? DEFAULTS.seed() : seed);
      SeedConfig.Architecture a = c.architecture();
      c = c.withArchitecture(new SeedConfig.Architecture(or(hidden, a.hidden()), or(layers, a.layers()),
          or(heads, a.heads()), or(kvHeads, a.kvHeads()), or(intermediate, a.intermediate()), a.maxPositions()));
      SeedConfig.Mix m = c.mix();
      c = c.withMix(new SeedConfig.Mix(or(instruction, m.instruction()), or(judge, m.judge()),
          or(metaJudge, m.metaJudgeResponses())));
      SeedConfig.Phase first = c.instructionPhase();
      SeedConfig.Phase mixed = c.mixedPhase();
      c = c.withPhases(
          new SeedConfig.Phase(or(instructionSteps, first.steps()), or(instructionBatch, first.batchSize()),
              first.gradAccumulation(), or(instructionLearningRate, first.learningRate()), first.warmupSteps()),
          new SeedConfig.Phase(or(steps, mixed.steps()), mixed.batchSize(),
              or(examplesPerStep, mixed.examplesPerStep()) / mixed.batchSize(), or(learningRate, mixed.learningRate()),
              mixed.warmupSteps()));
      c = c.withWorld(world(c.world()));
      if (eval != null) {
        if (eval.size() != 3) throw new IllegalArgumentException("--eval takes three counts, got " + eval);
        c = c.withEvaluation(new GoldEvaluation.Sizes(eval.get(0), eval.get(1), eval.get(2)));
      }
      return c;
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  private SeedConfig.World world(SeedConfig.World w) {
    int min = w.minLevel();
    int max = w.maxLevel();
    if (levels != null) {
      String[] parts = levels.split("-");
      try {
        min = Integer.parseInt(parts[0].trim());
        max = parts.length == 1 ? min : Integer.parseInt(parts[1].trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--levels must be N or MIN-MAX, got '" + levels + "'");
      }
    }
    return new SeedConfig.World(families == null ? w.families() : EnumSet.copyOf(families), min, max);
  }

  private static int or(Integer value, int fallback) {
    return value == null ? fallback : value;
  }

  private static double or(Double value, double fallback) {
    return value == null ? fallback : value;
  }

  private static String clock(double seconds) {
    long s = Math.round(seconds);
    return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
  }
}
