package dev.tribunal.jobs.stages;

import dev.tribunal.jobs.config.ConfigException;
import dev.tribunal.jobs.stages.worker.DriverDevice;
import dev.tribunal.jobs.stages.worker.WorkerSpec;
import dev.tribunal.schemas.PreferencePairRow;
import dev.tribunal.worker.djl.Engines;
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

/**
 * The DPO family on the driver with the DJL engine (registered as "djl"). Pairs become token-space
 * examples whose spans are exactly those the reference log-probs were scored on; the trained
 * checkpoint is written next to the run's tables and named by iteration and data fingerprint.
 */
public final class DjlPolicyTrainer implements PolicyTrainer {
  @Override
  public String name() {
    return "djl";
  }

  @Override
  public Checkpoint train(Request request) {
    return train(request, name(), Engines.trainer(DriverDevice.trainer())::train);
  }

  /** A training engine: trains the parent of run on the examples and writes run's output checkpoint. */
  @FunctionalInterface
  interface Engine {
    TrainingResult train(TrainingConfig config, List<TrainingExample> examples, TrainingRun run);
  }

  /**
   * The loop's training step on any in-JVM engine: the pairs as token-space examples of the
   * policy's tokenizer, the checkpoint written under the run and named by iteration and data.
   */
  static Checkpoint train(Request request, String trainer, Engine engine) {
    Path parent = checkpoint(request.policy(), trainer);
    List<TrainingExample> examples = examples(parent, request.pairs(), request.dpo().endOfTurn());
    if (examples.isEmpty()) {
      throw new IllegalStateException("iteration " + request.iteration() + " has no preference pairs to train on");
    }
    Path out = local(request.outputDir(), trainer);
    TrainingRun run = new TrainingRun(parent, out, out.resolveSibling(out.getFileName() + ".metrics.jsonl"),
        request.iteration() + 1);
    TrainingResult result = engine.train(request.dpo().training(request.iteration()), examples, run);
    String version = "M" + (request.iteration() + 1) + "-" + TrainingExample.fingerprint(examples).substring(0, 10);
    return new Checkpoint(version, result.checkpoint().toString(), result.summary());
  }

  /** The policy's weights: the in-JVM runtime's checkpoint, or a plug-in's checkpoint parameter. */
  public static Path checkpoint(WorkerSpec policy) {
    return checkpoint(policy, "djl");
  }

  private static Path checkpoint(WorkerSpec policy, String trainer) {
    if (policy instanceof WorkerSpec.Djl djl) return Path.of(djl.checkpoint());
    if (policy instanceof WorkerSpec.Plugin plugin) return Path.of(plugin.param(WorkerSpec.Plugin.CHECKPOINT));
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

  @Override
  public void checkRunRoot(String root) {
    requireLocalRoot(root, name());
  }

  /** Refuses a run root off the local (or mounted) file system, where an in-JVM engine cannot write. */
  static void requireLocalRoot(String root, String trainer) {
    String scheme = new org.apache.hadoop.fs.Path(root).toUri().getScheme();
    if (!isLocal(scheme)) {
      throw new ConfigException("run.root: " + root + " is on " + scheme + "://, but the " + trainer + " trainer"
          + " (meta_rewarding.dpo.trainer) writes checkpoints to a local or mounted file system; use a run.root"
          + " the driver and executors mount");
    }
  }

  /** An in-JVM engine writes to a local (or mounted) file system. */
  private static Path local(String dir, String trainer) {
    URI uri = URI.create(dir);
    if (!isLocal(uri.getScheme())) {
      throw new IllegalArgumentException("the " + trainer + " trainer writes checkpoints to a local or mounted file system, but"
          + " the run is on " + uri.getScheme() + "://; use a run.root the driver and executors mount");
    }
    return uri.getScheme() == null ? Path.of(dir) : Path.of(uri);
  }

  private static boolean isLocal(String scheme) {
    return scheme == null || scheme.equals("file");
  }
}
