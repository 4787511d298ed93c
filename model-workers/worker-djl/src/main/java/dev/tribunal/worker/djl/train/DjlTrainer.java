package dev.tribunal.worker.djl.train;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import dev.tribunal.worker.djl.CheckpointWriter;
import dev.tribunal.worker.djl.checkpoint.Lineage;
import dev.tribunal.worker.djl.checkpoint.LlamaConfig;
import dev.tribunal.worker.djl.model.LlamaModel;
import dev.tribunal.worker.djl.model.LlamaWeights;
import dev.tribunal.worker.train.BatchPlan;
import dev.tribunal.worker.train.MetricsLog;
import dev.tribunal.worker.train.Objective;
import dev.tribunal.worker.train.OptimizerLoop;
import dev.tribunal.worker.train.StepMetrics;
import dev.tribunal.worker.train.TrainingConfig;
import dev.tribunal.worker.train.TrainingExample;
import dev.tribunal.worker.train.TrainingResult;
import dev.tribunal.worker.train.TrainingRun;
import dev.tribunal.worker.train.TrainingStoppedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The DJL (PyTorch) training engine: loads the parent checkpoint in fp32, runs the policy over
 * the planned batches with the runtime's own forward ({@link LlamaModel#tokenLogprobs}), and
 * writes the result with the runtime's checkpoint writer, the parent's tokenizer files and a
 * lineage.json (parent, iteration, objective, data fingerprint, metrics summary).
 *
 * <p>Runs on the calling thread. Runs in one JVM take turns: DJL allows one GradientCollector
 * per JVM at a time.
 *
 * <p>The loop's trainers plug in as {@code PolicyTrainer}s, selected by name; this engine is what
 * the DJL one runs, so it is a plain class rather than a second plug-in point.
 */
public final class DjlTrainer {

  private static final ReentrantLock ONE_PER_JVM = new ReentrantLock();

  private final Device device;

  public DjlTrainer(Device device) {
    this.device = device;
  }

  /**
   * Trains a policy from the run's parent checkpoint with the configured objective, and writes the
   * result as a new, immutable checkpoint with its lineage. Batches come from {@link BatchPlan}.
   *
   * @throws IllegalArgumentException for bad input (an example without what the objective needs,
   *     a token outside the vocabulary, an output directory that exists), naming what and where
   * @throws TrainingStoppedException when the skipped-batch limit is reached before any update;
   *     nothing is written then
   */
  public TrainingResult train(TrainingConfig config, List<TrainingExample> examples, TrainingRun run) {
    LlamaConfig model = parentConfig(run);
    check(config, examples, model);
    try (LlamaWeights weights = LlamaWeights.load(run.parent(), model, device, DataType.FLOAT32)) {
      return train(weights, config, examples, run);
    }
  }

  /** Trains the given (loaded) weights in place and writes them as the run's output checkpoint. */
  static TrainingResult train(LlamaWeights weights, TrainingConfig config, List<TrainingExample> examples,
      TrainingRun run) {
    return train(weights, config, new PolicyLoss(new LlamaModel(weights), config, examples), examples.size(), run,
        TrainingExample.fingerprint(examples));
  }

  /**
   * Trains the weights in place through the loss over the planned batches of {@code examples}
   * examples, and writes them as the run's output with the data's fingerprint: every objective's
   * run but its loading and its loss.
   */
  static <H> TrainingResult train(LlamaWeights weights, TrainingConfig config, BatchLoss<H> loss, int examples,
      TrainingRun run, String fingerprint) {
    BatchPlan plan = BatchPlan.of(examples, config);
    return write(weights, config, plan, optimise(weights, config, loss, plan, run), run, fingerprint, Map.of());
  }

  /**
   * Runs the plan over the weights, holding the JVM's one training turn.
   *
   * @throws TrainingStoppedException when the skipped-batch limit is reached before any update
   */
  static <H> OptimizerLoop.Outcome optimise(LlamaWeights weights, TrainingConfig config, BatchLoss<H> loss,
      BatchPlan plan, TrainingRun run) {
    OptimizerLoop.Outcome outcome;
    ONE_PER_JVM.lock();
    try (TrainingLoop<H> loop = new TrainingLoop<>(weights, config, loss);
        MetricsLog log = new MetricsLog(run.metricsLog())) {
      outcome = loop.run(plan, log);
    } finally {
      ONE_PER_JVM.unlock();
    }
    return outcome.requireUpdates(run.parent(), config.maxSkippedBatches());
  }

  /**
   * Writes the trained weights as the run's output, with the parent's tokenizer files and a
   * lineage whose metrics are the run's summary plus {@code extraMetrics}.
   */
  static TrainingResult write(LlamaWeights weights, TrainingConfig config, BatchPlan plan,
      OptimizerLoop.Outcome outcome, TrainingRun run, String fingerprint, Map<String, Double> extraMetrics) {
    Map<String, Double> summary = new LinkedHashMap<>(StepMetrics.summary(outcome.history()));
    summary.putAll(extraMetrics);
    Path written = CheckpointWriter.write(run.output(), weights, CheckpointWriter.tokenizerFrom(run.parent()),
        lineage(config, run, fingerprint, summary));
    return new TrainingResult(written, plan.steps().size(), outcome.appliedSteps(), outcome.skippedBatches(),
        outcome.stoppedEarly(), outcome.history(), summary);
  }

  /**
   * A trained checkpoint's lineage: its parent and iteration, the objective with the settings
   * only it reads, the data fingerprint and the metrics. Every engine writes the same.
   */
  public static Lineage lineage(TrainingConfig config, TrainingRun run, String fingerprint,
      Map<String, Double> metrics) {
    return new Lineage(run.parent().toString(), run.iteration(), config.objective().id(), fingerprint, metrics,
        knobs(config), null);
  }

  /** The settings only the configured objective reads, under their configuration keys. */
  private static Map<String, Double> knobs(TrainingConfig config) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (Objective.Knob k : Objective.Knob.values()) {
      if (config.objective().uses(k)) out.put(k.key(), k.valueIn(config));
    }
    return out;
  }

  /** The parent checkpoint's config, once the run's output is known not to exist (see {@link #requireNew}). */
  public static LlamaConfig parentConfig(TrainingRun run) {
    requireNew(run.output());
    return LlamaConfig.read(run.parent());
  }

  /** Refuses an output that exists before any work is done: checkpoints are immutable. */
  public static void requireNew(Path output) {
    if (Files.exists(output)) {
      throw new IllegalArgumentException("checkpoint " + output + " already exists; checkpoints are immutable");
    }
  }

  /** Refuses examples the objective or the model cannot take, naming the example (engine-neutral). */
  public static void check(TrainingConfig config, List<TrainingExample> examples, LlamaConfig model) {
    if (!config.objective().hasPairLoss()) {
      throw new IllegalArgumentException("objective " + config.objective().id() + switch (config.objective()) {
        case REWARD -> " trains a reward model on labelled pairs; use DjlRewardTrainer";
        default -> " trains on scored responses; use DjlBondTrainer";
      });
    }
    if (examples.isEmpty()) throw new IllegalArgumentException("no training examples");
    for (int i = 0; i < examples.size(); i++) {
      examples.get(i).requireFor(config.objective(), i);
      fits(examples.get(i), "training example " + i, model);
    }
  }

  /** Refuses an example longer than the model's context or with a token outside its vocabulary. */
  static void fits(TrainingExample e, String where, LlamaConfig model) {
    int longest = e.promptIds().length + Math.max(e.chosenIds().length,
        e.rejectedIds() == null ? 0 : e.rejectedIds().length);
    if (longest > model.maxPositionEmbeddings()) {
      throw new IllegalArgumentException(where + " has " + longest
          + " tokens, more than the model's max_position_embeddings " + model.maxPositionEmbeddings());
    }
    for (int[] ids : new int[][] {e.promptIds(), e.chosenIds(), e.rejectedIds()}) {
      if (ids == null) continue;
      for (int id : ids) {
        if (id >= model.vocabSize()) {
          throw new IllegalArgumentException(where + " has token id " + id + ", outside the model's vocabulary of "
              + model.vocabSize());
        }
      }
    }
  }
}
