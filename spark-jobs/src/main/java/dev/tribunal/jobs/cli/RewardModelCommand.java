package dev.tribunal.jobs.cli;

import dev.tribunal.jobs.config.ConfigException;
import dev.tribunal.jobs.config.RlaifConfig;
import dev.tribunal.jobs.config.TribunalConfig;
import dev.tribunal.jobs.eval.EvalPrinter;
import dev.tribunal.jobs.eval.Metric;
import dev.tribunal.jobs.rlaif.LabelEvalStage;
import dev.tribunal.jobs.rlaif.PairRewardStage;
import dev.tribunal.jobs.rlaif.RewardModelRater;
import dev.tribunal.jobs.rlaif.RewardModelStage;
import dev.tribunal.jobs.run.StageRecord;
import dev.tribunal.jobs.run.TableRef;
import dev.tribunal.jobs.stages.CheckpointRow;
import dev.tribunal.jobs.stages.ModelUse;
import dev.tribunal.jobs.stages.worker.WorkerSpec;
import dev.tribunal.schemas.AiLabelRow;
import dev.tribunal.schemas.CorpusPairRow;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "reward-model", mixinStandardHelpOptions = true,
    description = {
        "Distil a reward model from a labeled corpus (spec 2.6): the model of the models section with a scalar head"
            + " on its last token, trained on the driver with the soft Bradley-Terry loss on the soft labels of"
            + " iter=0/" + AiLabelRow.TABLE + " (tribunal label; rlaif.reward_model.labels=ai) or of the corpus itself"
            + " (labels=human), rlaif.reward_model.held_out of the pairs held out; rlaif.reward_model.trainer picks"
            + " the engine: djl (default) or nd4j (the same checkpoint and held-out figures).",
        "Writes the checkpoint in Hugging Face's sequence-classification layout (LlamaForSequenceClassification,"
            + " score.weight) under the run's models/, its row and held-out pairwise accuracy to iter=0/"
            + RewardModelStage.TABLE + ", then serves it on the executors to reward every corpus response"
            + " (iter=0/" + RewardModelRater.KIND + "_rewards) with its agreement with the corpus labels"
            + " (iter=0/" + RewardModelRater.KIND + "_eval and its .json; training pairs included: the held-out"
            + " accuracy is the honest figure)."})
final class RewardModelCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    SeededConfig loaded = SeededConfig.load(common);
    TribunalConfig config = loaded.config();
    WorkerSpec base = loaded.seed();
    RlaifConfig.RewardModel settings = config.rlaif().rewardModel();
    try (RunSession s = loaded.open(common, "reward-model")) {
      TableRef corpus = new TableRef(0, CorpusPairRow.TABLE);
      TableRef labels = settings.labelSource() == RlaifConfig.RewardModel.Labels.AI ? new TableRef(0, AiLabelRow.TABLE)
          : null;
      for (TableRef needed : labels == null ? List.of(corpus) : List.of(corpus, labels)) {
        if (s.run.readManifest().producerOf(needed).isEmpty()) {
          throw new ConfigException("run " + s.run.uri() + " has no " + needed + ": run " + (needed.equals(corpus)
              ? "tribunal import-pairs" : "tribunal label") + " first (or set rlaif.reward_model.labels=human)");
        }
      }
      StageRecord trained = s.runner.run(new RewardModelStage(corpus, labels, base, settings), 0);
      CheckpointRow rm = CheckpointRow.fromRow(s.runner.read(trained.output()).first());
      WorkerSpec served = new WorkerSpec.Djl(rm.version(), rm.path(), config.models().runtime());
      ModelUse use = new ModelUse(served, config.rlaif().batchPairs(), config.rlaif().partitions());
      StageRecord rewards = s.runner.run(new PairRewardStage(corpus, use, new RewardModelRater()), 0);
      StageRecord eval = s.runner.run(new LabelEvalStage(rewards.output(), corpus, rm.version(), RewardModelRater.KIND), 0);
      List<Metric> metrics = new ArrayList<>(heldOut(rm));
      s.runner.read(eval.output()).collectAsList().forEach(r -> metrics.add(Metric.fromRow(r)));
      EvalPrinter.writeJson(s.run, 0, LabelEvalStage.table(RewardModelRater.KIND), metrics);
      System.out.print("reward model " + rm.version() + " (" + rm.pairs() + " pairs, labels " + rm.referenceVersion()
          + "):\n" + EvalPrinter.table(metrics));
      System.out.println("checkpoint: " + rm.path());
      s.report();
      return ExitCodes.OK;
    }
  }

  /** The trainer's figures on the pairs it held out. */
  private static List<Metric> heldOut(CheckpointRow rm) {
    List<Metric> out = new ArrayList<>();
    long n = Math.round(rm.metrics().getOrDefault("heldout/pairs", 0.0));
    rm.metrics().forEach((k, v) -> {
      if (k.startsWith("heldout/") && Double.isFinite(v)) {
        out.add(new Metric(0, rm.version(), "reward_model_heldout", k.substring("heldout/".length()), v, n));
      }
    });
    return out;
  }
}
