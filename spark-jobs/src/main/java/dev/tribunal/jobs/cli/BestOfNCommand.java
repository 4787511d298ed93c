package dev.tribunal.jobs.cli;

import dev.tribunal.jobs.bond.BestOfNEvalStage;
import dev.tribunal.jobs.bond.BestOfNStage;
import dev.tribunal.jobs.bond.BestOfNStages;
import dev.tribunal.jobs.config.TribunalConfig;
import dev.tribunal.jobs.eval.EvalPrinter;
import dev.tribunal.jobs.eval.Metric;
import dev.tribunal.jobs.run.StageRecord;
import dev.tribunal.jobs.stages.WorldPromptsStage;
import dev.tribunal.jobs.stages.worker.WorkerSpec;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "best-of-n", mixinStandardHelpOptions = true,
    description = {
        "Best-of-N sampling (spec 3.1) over world prompts (world.prompts of the world section): bond.n samples per"
            + " prompt from the reference (the models section), each rewarded by bond.reward: gold (the world's grade,"
            + " a referee), direct_rlaif (rlaif.direct's rating by the same model) or reward_model (bond.reward_model,"
            + " a checkpoint from tribunal reward-model); the best kept per prompt, ties broken uniformly at random"
            + " (seeded), every sample kept with its reward and its quantiles p<= and p< (iter=0/best_of_n).",
        "Then Best-of-n of the reference at n = 1, 2, 4, ... bond.n from each prompt's first n samples: the chosen"
            + " sample's reward, gold grade and exact rate, at n generations per prompt (iter=0/best_of_n_eval and"
            + " its .json)."})
final class BestOfNCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    SeededConfig loaded = SeededConfig.load(common);
    TribunalConfig config = loaded.config();
    WorkerSpec reference = loaded.seed();
    BestOfNStages stages = BestOfNStages.of(config);
    try (RunSession s = loaded.open(common, "best-of-n")) {
      StageRecord prompts = s.runner.run(new WorldPromptsStage(config.world()), 0);
      StageRecord samples = s.runner.run(stages.sample(prompts.output(), reference, config.bond().n()), 0);
      StageRecord rewards = s.runner.run(stages.reward(prompts.output(), List.of(samples.output()), reference), 0);
      StageRecord best = s.runner.run(new BestOfNStage(samples.output(), rewards.output()), 0);
      StageRecord eval = s.runner.run(new BestOfNEvalStage(samples.output(), rewards.output(), config.world(),
          config.bond().n(), stages.rewardKind()), 0);
      List<Metric> metrics = s.runner.read(eval.output()).collectAsList().stream().map(Metric::fromRow).toList();
      EvalPrinter.writeJson(s.run, 0, BestOfNEvalStage.ID.table(), metrics);
      System.out.print("Best-of-n of " + reference.modelVersion() + " by " + stages.rewardKind() + ":\n"
          + EvalPrinter.table(metrics));
      System.out.println("best of " + config.bond().n() + ": " + s.run.table(best.output()));
      s.report();
      return ExitCodes.OK;
    }
  }
}
