package dev.tribunal.jobs.seed;

import dev.tribunal.jobs.eval.GoldEvaluation;
import dev.tribunal.jobs.eval.GoldFigures;
import dev.tribunal.jobs.progress.TrainingProgress;
import dev.tribunal.jobs.world.Example;
import dev.tribunal.jobs.world.WorldData;
import dev.tribunal.worker.djl.Checkpoints;
import dev.tribunal.worker.djl.DjlModelWorker;
import dev.tribunal.worker.djl.Engines;
import dev.tribunal.worker.djl.RuntimeOptions;
import dev.tribunal.worker.djl.checkpoint.Lineage;
import dev.tribunal.worker.djl.tokenizer.ModelTokenizer;
import dev.tribunal.worker.djl.tokenizer.TrainingData;
import dev.tribunal.worker.train.Objective;
import dev.tribunal.worker.train.Schedule;
import dev.tribunal.worker.train.TrainingConfig;
import dev.tribunal.worker.train.TrainingExample;
import dev.tribunal.worker.train.TrainingResult;
import dev.tribunal.worker.train.TrainingRun;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Builds the embedded seed model from nothing: random weights, SFT in two phases (instruction
 * examples, then all three roles) and an optional third (the roles that judge answers, on the
 * model's own answers), fp16 weights, an evaluation against gold, a model card.
 * Everything is assembled in a hidden work directory beside the output and moved into place at
 * the end, so the output is either absent or complete.
 */
public record SeedBuilder(SeedConfig config, String device, PrintStream progress) {
  /** AdamW's decoupled weight decay (matrices only). */
  static final double WEIGHT_DECAY = 0.01;

  /** One training phase as it ran: its data, what the trainer reports, its wall time. */
  public record PhaseRun(String name, SeedConfig.Phase phase, SeedData data, TrainingResult training, double seconds) {}

  /**
   * What was built, with what it took; phases that ran, in order. continuedFrom: the checkpoint the
   * feedback phase started from when only it ran; null otherwise.
   */
  public record Result(Path checkpoint, List<PhaseRun> phases, double totalSeconds, GoldFigures figures,
      Path continuedFrom) {
    public double trainSeconds() {
      return phases.stream().mapToDouble(PhaseRun::seconds).sum();
    }
  }

  public Result build(Path out) {
    return build(out, null);
  }

  /**
   * Builds the seed in out. With from (a checkpoint of these settings' instruction and mixed phases,
   * such as a seed built with feedback_phase.steps 0) only the feedback phase runs, from it. A whole
   * build also starts the feedback phase from the fp16 weights, so the two differ only as two whole
   * builds do (floating-point sums, see the README).
   */
  public Result build(Path out, Path from) {
    Path target = out.toAbsolutePath().normalize();
    if (Files.exists(target)) {
      throw new IllegalArgumentException("seed: " + target + " already exists; checkpoints are immutable, choose another --out");
    }
    if (from != null && config.feedbackPhase().steps() == 0) {
      throw new IllegalArgumentException("seed: --from continues with the feedback phase, but feedback_phase.steps is 0");
    }
    long start = System.nanoTime();
    Path work = target.resolveSibling("." + target.getFileName() + ".seed-" + UUID.randomUUID());
    try {
      Files.createDirectories(work);
      WorldData world = SeedMix.world(config);
      SeedMix.Phases examples = SeedMix.phases(world, config);
      List<PhaseRun> runs = new ArrayList<>();
      Path last = from == null ? firstPhases(examples, work, runs) : from.toAbsolutePath().normalize();
      if (config.feedbackPhase().steps() > 0) {
        Path mixed = from == null ? Checkpoints.halfPrecision(last, work.resolve("mixed-fp16"), Lineage.read(last)) : last;
        runs.add(feedback(world, examples.mixed(), mixed, work));
        last = runs.get(runs.size() - 1).training().checkpoint();
      }
      Path half = Checkpoints.halfPrecision(last, work.resolve("final"), Lineage.read(last));
      GoldFigures figures = evaluate(world, half);
      lineage(runs, figures, from).write(half);
      Result result = new Result(target, List.copyOf(runs), (System.nanoTime() - start) / 1e9, figures, from);
      ModelCard.write(half, config, result);
      Files.move(half, target, StandardCopyOption.ATOMIC_MOVE);
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException("seed: cannot build " + target, e);
    } finally {
      deleteQuietly(work);
    }
  }

  /** Random weights, then the instruction and mixed phases; returns the last checkpoint. */
  private Path firstPhases(SeedMix.Phases examples, Path work, List<PhaseRun> runs) throws IOException {
    Path init = Checkpoints.random(work.resolve("init"), config.architecture().llama(), config.seed(),
        new Lineage(null, 0, "init", "none", Map.of()));
    progress.printf("seed: %,d parameters; building the training data from the task world%n",
        Checkpoints.parameterCount(config.architecture().llama()));
    runs.addAll(trainPhases(examples, init, work));
    return runs.isEmpty() ? init : runs.get(runs.size() - 1).training().checkpoint();
  }

  /** The feedback phase from the mixed-phase checkpoint, on what that model answers. */
  private PhaseRun feedback(WorldData world, List<Example> mixed, Path parent, Path work) {
    progress.printf("seed: the mixed-phase model answers %,d training prompts %d times each for the feedback phase%n",
        config.feedback().prompts(), config.feedback().samples());
    try (DjlModelWorker worker = DjlModelWorker.open("seed-mixed-" + UUID.randomUUID(), parent, device,
        RuntimeOptions.DEFAULT); ModelTokenizer tokenizer = ModelTokenizer.load(parent)) {
      List<Example> examples = new FeedbackData(world, config).examples(worker, mixed);
      return train(plan("feedback", config.feedbackPhase(), examples, new TrainingData(tokenizer)), parent, work);
    }
  }

  /** The phases with steps, in order, each starting from the checkpoint the previous one wrote. */
  private List<PhaseRun> trainPhases(SeedMix.Phases examples, Path init, Path work) throws IOException {
    List<PhaseRun> runs = new ArrayList<>();
    Path parent = init;
    try (ModelTokenizer tokenizer = ModelTokenizer.load(init)) {
      TrainingData data = new TrainingData(tokenizer);
      for (PhaseRun run : List.of(
          plan("instruction", config.instructionPhase(), examples.instruction(), data),
          plan("mixed", config.mixedPhase(), examples.mixed(), data))) {
        if (run.phase().steps() == 0) continue;
        PhaseRun done = train(run, parent, work);
        runs.add(done);
        parent = done.training().checkpoint();
      }
    }
    return runs;
  }

  /** A phase before it runs: its examples tokenized, no training yet. */
  private static PhaseRun plan(String name, SeedConfig.Phase phase, List<Example> examples, TrainingData data) {
    List<TrainingExample> tokens = phase.steps() == 0 ? List.of() : SeedMix.tokens(examples, data);
    return new PhaseRun(name, phase, SeedData.of(phase.steps() == 0 ? List.of() : examples, tokens), null, 0);
  }

  private PhaseRun train(PhaseRun run, Path parent, Path work) {
    SeedConfig.Phase p = run.phase();
    TrainingConfig training = TrainingConfig.builder(Objective.SFT)
        .learningRate(p.learningRate()).warmupSteps(p.warmupSteps()).schedule(Schedule.COSINE)
        .weightDecay(WEIGHT_DECAY).adamBetas(0.9, 0.95).gradClipNorm(1.0)
        .batchSize(p.batchSize()).gradAccumulation(p.gradAccumulation()).maxSteps(p.steps()).seed(config.seed()).build();
    Path log = work.resolve(run.name() + "-metrics.jsonl");
    progress.printf("seed: %s phase, %,d examples: %d steps of %d on %s%n", run.name(), run.data().examples().size(),
        p.steps(), p.examplesPerStep(), device);
    long start = System.nanoTime();
    TrainingResult result;
    try (TrainingProgress follow = TrainingProgress.follow("seed " + run.name(), log, p.steps(), progress)) {
      result = Engines.trainer(device).train(training, run.data().tokenized(),
          new TrainingRun(parent, work.resolve(run.name()), log, 0));
    }
    return new PhaseRun(run.name(), p, run.data(), result, (System.nanoTime() - start) / 1e9);
  }

  /**
   * A seed has no parent: the random initialisation and the earlier phases are part of how it was
   * made, not models. Its data fingerprint covers the phases' examples, in order (after the
   * checkpoint's own fingerprint when it continued one); its metrics are the last phase's, earlier
   * phases' under their name, the continued checkpoint's under before_feedback/, and the gold figures.
   */
  private static Lineage lineage(List<PhaseRun> runs, GoldFigures figures, Path from) {
    List<TrainingExample> all = new ArrayList<>();
    Map<String, Double> metrics = new LinkedHashMap<>();
    if (from != null) Lineage.read(from).metrics().forEach((k, v) -> metrics.put("before_feedback/" + k, v));
    for (int i = 0; i < runs.size(); i++) {
      PhaseRun run = runs.get(i);
      all.addAll(run.data().tokenized());
      String prefix = i == runs.size() - 1 ? "" : run.name() + "_phase/";
      run.training().summary().forEach((k, v) -> metrics.put(prefix + k, v));
    }
    metrics.putAll(figures.metrics());
    String fingerprint = from == null ? TrainingExample.fingerprint(all)
        : TrainingExample.fingerprint(Lineage.read(from).dataFingerprint(), all);
    return new Lineage(null, 0, Objective.SFT.id(), fingerprint, metrics);
  }

  private GoldFigures evaluate(WorldData world, Path checkpoint) {
    progress.println("seed: evaluating against gold on held-out prompts");
    GoldEvaluation evaluation = new GoldEvaluation(world, SeedMix.ACTOR, SeedMix.JUDGE, SeedMix.META_JUDGE,
        config.evaluation());
    String version = "seed-" + UUID.randomUUID();
    try (DjlModelWorker worker = DjlModelWorker.open(version, checkpoint, device, RuntimeOptions.DEFAULT)) {
      return evaluation.run(worker);
    }
  }

  private static void deleteQuietly(Path dir) {
    if (!Files.exists(dir)) return;
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a leftover hidden work directory is harmless
    }
  }
}
