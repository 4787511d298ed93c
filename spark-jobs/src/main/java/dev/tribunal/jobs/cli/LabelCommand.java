package dev.tribunal.jobs.cli;

import dev.tribunal.jobs.config.ConfigException;
import dev.tribunal.jobs.config.RlaifConfig;
import dev.tribunal.jobs.config.TribunalConfig;
import dev.tribunal.jobs.eval.EvalPrinter;
import dev.tribunal.jobs.eval.Metric;
import dev.tribunal.jobs.rlaif.PairRewardStage;
import dev.tribunal.jobs.rlaif.DirectScore;
import dev.tribunal.jobs.rlaif.Exemplars;
import dev.tribunal.jobs.rlaif.LabelEvalStage;
import dev.tribunal.jobs.rlaif.LabelStage;
import dev.tribunal.jobs.rlaif.Labeler;
import dev.tribunal.jobs.run.StageRecord;
import dev.tribunal.jobs.run.TableRef;
import dev.tribunal.jobs.stages.ModelUse;
import dev.tribunal.jobs.stages.worker.WorkerSpec;
import dev.tribunal.schemas.AiLabelRow;
import dev.tribunal.schemas.CorpusPairRow;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "label", mixinStandardHelpOptions = true,
    description = {
        "Label a run's preference corpus (iter=0/" + CorpusPairRow.TABLE + ", from import-pairs) with AI feedback"
            + " (RLAIF): the model of the models section reads each pair in a labeling prompt (rlaif.preamble, few-shot"
            + " rlaif.exemplars, the pair, rlaif.ending) and the label is P(1) = e^l1 / (e^l1 + e^l2) from the"
            + " next-token log-probs of rlaif.label_tokens, matched by token id.",
        "Both orders are scored and averaged (rlaif.both_orders); rlaif.chain_of_thought decodes a rationale first"
            + " (rlaif.self_consistency samples several). A missing label token or a prompt over the context makes"
            + " the label missing, never 0. The human label never reaches the labeler.",
        "Writes iter=0/" + AiLabelRow.TABLE + " and the labeler's figures (coverage, missing by reason, position-bias"
            + " rate, alignment with the human labels and its 95%% interval) to iter=0/label_eval and label_eval.json.",
        "rlaif.method=direct rates each response alone instead (direct RLAIF): the expected rating from the"
            + " probabilities of the rating tokens rlaif.direct.min_score..max_score, renormalised, mapped to [-1, 1],"
            + " into iter=0/direct_rlaif_rewards; its figures, a pair's preference read from its two rewards, go to"
            + " iter=0/direct_rlaif_eval and direct_rlaif_eval.json."})
final class LabelCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    SeededConfig loaded = SeededConfig.load(common);
    TribunalConfig config = loaded.config();
    WorkerSpec labeler = loaded.seed();
    Labeler how = Labeler.of(config.rlaif(), Exemplars.read(config.rlaif().exemplars()));
    try (RunSession s = loaded.open(common, "label")) {
      TableRef corpus = new TableRef(0, CorpusPairRow.TABLE);
      if (s.run.readManifest().producerOf(corpus).isEmpty()) {
        throw new ConfigException("run " + s.run.uri() + " has no " + corpus + ": import a preference corpus first"
            + " (tribunal import-pairs --run-id " + config.run().id() + " FILE...)");
      }
      ModelUse use = new ModelUse(labeler, config.rlaif().batchPairs(), config.rlaif().partitions());
      RlaifConfig.Method method = config.rlaif().methodKind();
      StageRecord labels = s.runner.run(method == RlaifConfig.Method.PAIRWISE ? new LabelStage(corpus, use, how)
          : new PairRewardStage(corpus, use, config.rlaif().direct().rating(config.rlaif().form())), 0);
      String kind = method == RlaifConfig.Method.PAIRWISE ? LabelEvalStage.PAIRWISE : DirectScore.KIND;
      StageRecord eval = s.runner.run(new LabelEvalStage(labels.output(), corpus, labeler.modelVersion(), kind), 0);
      List<Metric> metrics = s.runner.read(eval.output()).collectAsList().stream().map(Metric::fromRow).toList();
      EvalPrinter.writeJson(s.run, 0, LabelEvalStage.table(kind), metrics);
      System.out.print("labeler " + labeler.modelVersion() + ":\n" + EvalPrinter.table(metrics));
      System.out.println((method == RlaifConfig.Method.PAIRWISE ? "labels:  " : "rewards: ") + s.run.table(labels.output()));
      s.report();
      return ExitCodes.OK;
    }
  }
}
