package dev.tribunal.jobs.seed;

import dev.tribunal.jobs.eval.GoldEvaluation;
import dev.tribunal.jobs.eval.GoldFigures;
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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Builds the embedded seed model from nothing: random weights, SFT on the world's instruction,
 * judge and meta-judge data, fp16 weights, an evaluation against gold, a model card. Everything is
 * assembled in a hidden work directory beside the output and moved into place at the end, so the
 * output is either absent or complete.
 */
public final class SeedBuilder {

  /** What was built, with what it took. */
  public record Result(Path checkpoint, SeedData data, TrainingResult training, double trainSeconds,
      double totalSeconds, GoldFigures figures) {}

  private final SeedConfig config;
  private final String device;
  private final PrintStream progress;

  public SeedBuilder(SeedConfig config, String device, PrintStream progress) {
    this.config = config;
    this.device = device;
    this.progress = progress;
  }

  public Result build(Path out) {
    Path target = out.toAbsolutePath().normalize();
    if (Files.exists(target)) {
      throw new IllegalArgumentException("seed: " + target + " already exists; checkpoints are immutable, choose another --out");
    }
    long start = System.nanoTime();
    Path work = target.resolveSibling("." + target.getFileName() + ".seed-" + UUID.randomUUID());
    try {
      Files.createDirectories(work);
      Path init = Checkpoints.random(work.resolve("init"), config.architecture().llama(), config.seed(),
          new Lineage(null, 0, "init", "none", Map.of()));
      WorldData world = SeedMix.world(config);
      SeedData data = data(world, init);
      long trainStart = System.nanoTime();
      TrainingResult training = train(init, work, data.tokenized());
      double trainSeconds = (System.nanoTime() - trainStart) / 1e9;
      Lineage trained = Lineage.read(training.checkpoint());
      Path half = Checkpoints.halfPrecision(training.checkpoint(), work.resolve("final"), trained);
      GoldFigures figures = evaluate(world, half);
      Map<String, Double> metrics = new LinkedHashMap<>(trained.metrics());
      metrics.putAll(figures.metrics());
      // A seed has no parent: the random initialisation is part of how it was made, not a model.
      new Lineage(null, 0, trained.objective(), trained.dataFingerprint(), metrics).write(half);
      Result result = new Result(target, data, training, trainSeconds, (System.nanoTime() - start) / 1e9, figures);
      ModelCard.write(half, config, result);
      Files.move(half, target, StandardCopyOption.ATOMIC_MOVE);
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException("seed: cannot build " + target, e);
    } finally {
      deleteQuietly(work);
    }
  }

  private SeedData data(WorldData world, Path checkpoint) {
    progress.println("seed: building " + config.mix().examples() + " training examples from the task world");
    List<Example> examples = SeedMix.examples(world, config.mix());
    try (ModelTokenizer tokenizer = ModelTokenizer.load(checkpoint)) {
      return SeedData.of(examples, SeedMix.tokens(examples, new TrainingData(tokenizer)));
    }
  }

  private TrainingResult train(Path init, Path work, List<TrainingExample> examples) {
    SeedConfig.Optimisation o = config.optimisation();
    TrainingConfig training = TrainingConfig.builder(Objective.SFT)
        .learningRate(o.learningRate()).warmupSteps(o.warmupSteps()).schedule(Schedule.COSINE)
        .weightDecay(o.weightDecay()).adamBetas(0.9, 0.95).gradClipNorm(1.0)
        .batchSize(1).gradAccumulation(o.examplesPerStep()).maxSteps(o.steps()).seed(config.seed()).build();
    Path log = work.resolve("metrics.jsonl");
    progress.printf("seed: training %,d parameters for %d steps of %d examples on %s%n",
        Checkpoints.parameterCount(config.architecture().llama()), o.steps(), o.examplesPerStep(), device);
    try (TrainingProgress p = TrainingProgress.follow(log, o.steps(), progress)) {
      return Engines.trainer(device).train(training, examples, new TrainingRun(init, work.resolve("trained"), log, 0));
    }
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
