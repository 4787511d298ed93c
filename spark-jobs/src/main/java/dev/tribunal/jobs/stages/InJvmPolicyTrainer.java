package dev.tribunal.jobs.stages;

import dev.tribunal.jobs.progress.TrainingProgress;
import dev.tribunal.jobs.run.ModelStore;
import dev.tribunal.jobs.stages.worker.WorkerSpec;
import dev.tribunal.schemas.PreferencePairRow;
import dev.tribunal.worker.djl.tokenizer.ModelTokenizer;
import dev.tribunal.worker.djl.tokenizer.TrainingData;
import dev.tribunal.worker.train.TrainingConfig;
import dev.tribunal.worker.train.TrainingExample;
import dev.tribunal.worker.train.TrainingResult;
import dev.tribunal.worker.train.TrainingRun;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The DPO family on the driver with an engine that runs in this JVM: the loop's training step is
 * the same for every such engine (the pairs as token-space examples of the policy's tokenizer,
 * progress followed from the metrics log, the checkpoint written where the train stage says and
 * named by iteration and data), so a trainer only names itself and its engine.
 */
public abstract class InJvmPolicyTrainer implements PolicyTrainer {
  private final String name;
  private final Supplier<Engine> engine;

  /**
   * @param engine made when a step trains, not when the service loader lists the trainers (an
   *     engine may need a native library or a device only a training run should ask for)
   */
  protected InJvmPolicyTrainer(String name, Supplier<Engine> engine) {
    this.name = name;
    this.engine = engine;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final Checkpoint train(Request request) {
    return train(request, name, engine.get());
  }

  /** A training engine: trains the parent of run on the examples and writes run's output checkpoint. */
  @FunctionalInterface
  public interface Engine {
    TrainingResult train(TrainingConfig config, List<TrainingExample> examples, TrainingRun run);
  }

  /**
   * The loop's training step on any in-JVM engine: the pairs as token-space examples of the
   * policy's tokenizer, progress followed from the metrics log, the checkpoint written where the
   * train stage says and named by iteration and data.
   */
  static Checkpoint train(Request request, String trainer, Engine engine) {
    Path parent = checkpoint(request.policy(), trainer);
    List<TrainingExample> examples = examples(parent, request.pairs(), request.dpo().endOfTurn());
    if (examples.isEmpty()) {
      throw new IllegalStateException("iteration " + request.iteration() + " has no preference pairs to train on");
    }
    Path out = local(request.outputDir());
    TrainingRun run = new TrainingRun(parent, out, out.resolveSibling(out.getFileName() + ModelStore.METRICS_SUFFIX),
        request.iteration() + 1);
    TrainingConfig training = request.dpo().training(request.iteration());
    TrainingResult result;
    try (TrainingProgress follow = TrainingProgress.follow("train " + request.policy().modelVersion() + " "
        + training.objective().name().toLowerCase(java.util.Locale.ROOT), run.metricsLog(),
        training.totalSteps(examples.size()))) {
      result = engine.train(training, examples, run);
    }
    String version = "M" + (request.iteration() + 1) + "-" + TrainingExample.fingerprint(examples).substring(0, 10);
    return new Checkpoint(version, result.checkpoint().toString(), result.summary(), TrainingSteps.of(result.history()));
  }

  static Path checkpoint(WorkerSpec policy, String trainer) {
    if (policy instanceof WorkerSpec.Djl djl) return ModelStore.local(djl.modelVersion(), djl.checkpoint());
    if (policy instanceof WorkerSpec.Plugin plugin) {
      return ModelStore.local(plugin.modelVersion(), plugin.param(WorkerSpec.Plugin.CHECKPOINT));
    }
    if (policy instanceof WorkerSpec.Http http) {
      if (http.checkpoint() != null) return ModelStore.local(http.modelVersion(), http.checkpoint());
      throw new IllegalArgumentException("the " + trainer + " trainer trains checkpoints; model " + policy
          + " is served over HTTP and the driver has no copy of its weights: set models.checkpoint to the checkpoint"
          + " directory the server serves as " + policy.modelVersion());
    }
    throw new IllegalArgumentException("the " + trainer + " trainer trains checkpoints; model " + policy + " has none");
  }

  static List<TrainingExample> examples(Path checkpoint, List<PreferencePairRow> pairs, boolean endOfTurn) {
    try (ModelTokenizer tokenizer = ModelTokenizer.load(checkpoint)) {
      TrainingData data = new TrainingData(tokenizer);
      List<TrainingExample> out = new ArrayList<>(pairs.size());
      for (PreferencePairRow p : pairs) {
        var prompt = new PromptForms.Asked(p.promptText(), p.promptMessages()).toWorker();
        try {
          out.add(data.preference(prompt, p.chosen(), p.rejected(), p.refChosenLogp(), p.refRejectedLogp(), endOfTurn));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("pair " + p.pairId() + ": " + e.getMessage(), e);
        }
      }
      return out;
    }
  }

  /** The local directory a request names (a path or a file: URI). */
  private static Path local(String dir) {
    URI uri = URI.create(dir);
    return uri.getScheme() == null ? Path.of(dir) : Path.of(uri);
  }
}
