package dev.tribunal.worker.nd4j.train;

import dev.tribunal.worker.djl.CheckpointWriter;
import dev.tribunal.worker.djl.checkpoint.Lineage;
import dev.tribunal.worker.djl.checkpoint.LlamaConfig;
import dev.tribunal.worker.djl.checkpoint.ShardedSafetensors;
import dev.tribunal.worker.djl.train.DjlTrainer;
import dev.tribunal.worker.nd4j.Nd4jBackend;
import dev.tribunal.worker.nd4j.model.Nd4jWeights;
import dev.tribunal.worker.train.BatchPlan;
import dev.tribunal.worker.train.MetricsLog;
import dev.tribunal.worker.train.OptimizerLoop;
import dev.tribunal.worker.train.StepMetrics;
import dev.tribunal.worker.train.TrainingConfig;
import dev.tribunal.worker.train.TrainingExample;
import dev.tribunal.worker.train.TrainingResult;
import dev.tribunal.worker.train.TrainingRun;
import dev.tribunal.worker.train.TrainingStoppedException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ND4J training engine for SFT and the DPO family: loads the parent checkpoint in fp32, runs
 * the planned batches through the hand-written forward and backward, and writes the result in
 * the same Hugging Face layout with the same lineage as the DJL engine ({@link DjlTrainer}), so
 * either engine's checkpoint loads in the runtime and continues in the other.
 *
 * <p>Runs on the calling thread; ND4J's threads follow OMP_NUM_THREADS.
 */
public final class Nd4jTrainer {

  /**
   * Trains a policy from the run's parent checkpoint with the configured objective, and writes the
   * result as a new, immutable checkpoint with its lineage. Batches come from {@link BatchPlan}.
   *
   * @throws IllegalArgumentException for bad input (an example without what the objective needs,
   *     a token outside the vocabulary, an output directory that exists), naming what and where
   * @throws IllegalStateException when ND4J's native backend cannot be loaded
   * @throws TrainingStoppedException when the skipped-batch limit is reached before any update;
   *     nothing is written then
   */
  public TrainingResult train(TrainingConfig config, List<TrainingExample> examples, TrainingRun run) {
    LlamaConfig model = DjlTrainer.parentConfig(run);
    DjlTrainer.check(config, examples, model);
    Nd4jBackend.require();
    Nd4jWeights weights = Nd4jWeights.load(run.parent(), model);
    BatchPlan plan = BatchPlan.of(examples.size(), config);
    OptimizerLoop.Outcome outcome = optimise(new Nd4jTrainingLoop(weights, config, examples), plan, run);
    return write(weights, config, plan, outcome, run, TrainingExample.fingerprint(examples), Map.of());
  }

  /** Runs the plan through the engine, logging each step; a run that applied no update is refused. */
  static OptimizerLoop.Outcome optimise(Nd4jOptimizerEngine<?> engine, BatchPlan plan, TrainingRun run) {
    OptimizerLoop.Outcome outcome;
    try (MetricsLog log = new MetricsLog(run.metricsLog())) {
      outcome = engine.run(plan, log);
    }
    return outcome.requireUpdates(run.parent(), engine.config().maxSkippedBatches());
  }

  /**
   * Writes the trained weights (their config names the architecture) as the run's output, with the
   * parent's tokenizer files and the lineage every engine writes, its metrics the run's summary
   * plus {@code extraMetrics}.
   */
  static TrainingResult write(Nd4jWeights weights, TrainingConfig config, BatchPlan plan,
      OptimizerLoop.Outcome outcome, TrainingRun run, String fingerprint, Map<String, Double> extraMetrics) {
    Map<String, Double> summary = new LinkedHashMap<>(StepMetrics.summary(outcome.history()));
    summary.putAll(extraMetrics);
    Lineage lineage = DjlTrainer.lineage(config, run, fingerprint, summary);
    Path written = CheckpointWriter.write(run.output(), weights.config(),
        dir -> ShardedSafetensors.writeHost(dir, weights.toHf(), CheckpointWriter.DEFAULT_SHARD_BYTES),
        CheckpointWriter.tokenizerFrom(run.parent()), lineage);
    return new TrainingResult(written, plan.steps().size(), outcome.appliedSteps(), outcome.skippedBatches(),
        outcome.stoppedEarly(), outcome.history(), summary);
  }
}
