package dev.tribunal.jobs.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tribunal.jobs.config.ConfigException;
import dev.tribunal.jobs.config.ConfigLoader;
import dev.tribunal.jobs.config.ModelsConfig;
import dev.tribunal.jobs.config.TribunalConfig;
import dev.tribunal.jobs.run.ModelStore;
import dev.tribunal.jobs.stages.PolicyTrainer;
import dev.tribunal.jobs.stages.PolicyTrainers;
import dev.tribunal.jobs.metarewarding.IterationDriver;
import dev.tribunal.jobs.stages.worker.WorkerSpec;
import dev.tribunal.jobs.stages.worker.WorkerSpecs;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "iterate", mixinStandardHelpOptions = true,
    description = {
        "Run the Meta-Rewarding loop (meta_rewarding.iterations iterations from models.seed_version):",
        "per iteration t: prompts, sample, judge, meta-judge and battle (iterations in meta_rewarding.judge_iterations),"
            + " pairs, ref-logprobs, train (M_t -> M_{t+1}), then eval-generate and evaluate of M_{t+1}.",
        "Every stage is resumable: a re-run skips the stages already completed.",
        "meta_rewarding.meta_judging=false gives the Self-Rewarding baseline.",
        "Needs a policy trainer on the class path (meta_rewarding.dpo.trainer); without one it stops before starting."})
final class IterateCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    run(common.tree(), common, "iterate",
        (session, last) -> { });
    return ExitCodes.OK;
  }

  /** What a command does with the run once the loop is done, while Spark is still up. */
  interface AfterLoop {
    void accept(RunSession session, WorkerSpec last);
  }

  /**
   * The loop from a configuration tree: the trainer and M_0 are checked before Spark starts, then
   * every iteration runs (resuming where a previous attempt stopped).
   */
  static void run(ObjectNode tree, CommonOptions common, String command, AfterLoop after) {
    TribunalConfig config = ConfigLoader.bind(tree);
    PolicyTrainer trainer = PolicyTrainers.find(config.metaRewarding().dpo().trainer());
    WorkerSpec seed = seed(config.models());
    try (RunSession s = RunSession.open(tree, config, common, command, System.err)) {
      IterationDriver driver = new IterationDriver(s.runner, config.metaRewarding(),
          config.resolvedRoles(), config.world(), trainer);
      WorkerSpec last = driver.run(seed);
      System.out.println("final model: " + last.modelVersion() + " (" + s.run.uri() + ")");
      after.accept(s, last);
      s.report();
    }
  }

  /**
   * M_0; its checkpoint (a local directory, made absolute so executors find it, or any Hadoop URI)
   * is checked for a config.json before anything starts. A served M_0 takes its checkpoint where the
   * directory exists (see {@link WorkerSpecs#served}).
   */
  static WorkerSpec seed(ModelsConfig models) {
    if (models.backendKind() != ModelsConfig.Backend.DJL) return WorkerSpecs.served(models);
    String dir = ModelStore.qualify(models.checkpoint());
    if (ModelStore.file(dir, "config.json").isEmpty()) {
      throw new ConfigException("models.checkpoint: no config.json in " + dir);
    }
    WorkerSpec spec = WorkerSpecs.seed(models);
    return spec.forVersion(spec.modelVersion(), dir);
  }
}
