package dev.tribunal.jobs.bond;

import dev.tribunal.jobs.config.BondConfig;
import dev.tribunal.jobs.eval.EvalPrinter;
import dev.tribunal.jobs.eval.Metric;
import dev.tribunal.jobs.metarewarding.MetaRewardingStages;
import dev.tribunal.jobs.run.Stage;
import dev.tribunal.jobs.run.StageRecord;
import dev.tribunal.jobs.run.StageRunner;
import dev.tribunal.jobs.run.TableRef;
import dev.tribunal.jobs.stages.CheckpointRow;
import dev.tribunal.jobs.stages.EvaluateStage;
import dev.tribunal.jobs.stages.WorldPromptsStage;
import dev.tribunal.jobs.stages.worker.WorkerSpec;
import dev.tribunal.jobs.config.WorldConfig;
import dev.tribunal.jobs.roles.ActorRole;
import java.util.List;
import java.util.Locale;

/**
 * J-BOND (spec 3.4) as rounds of stages: in round t, fresh world prompts, one sample per prompt
 * from the policy π_t and two from the anchor, their rewards, the J-BOND step on the driver
 * (π_{t+1}), the anchor's EMA update, and π_{t+1}'s evaluation on the fixed held-out set. Every
 * step is a stage of the run, so a run killed between rounds resumes where it stopped.
 */
public final class JBondDriver {
  private final StageRunner stages;
  private final BestOfNStages build;
  private final MetaRewardingStages evaluation;
  private final BondConfig bond;
  private final WorldConfig world;
  private final ActorRole actor;

  public JBondDriver(StageRunner stages, BestOfNStages build, MetaRewardingStages evaluation, BondConfig bond,
      WorldConfig world, ActorRole actor) {
    this.stages = stages;
    this.build = build;
    this.evaluation = evaluation;
    this.bond = bond;
    this.world = world;
    this.actor = actor;
  }

  /** Evaluates the reference, runs every round; returns the last policy. */
  public WorkerSpec run(WorkerSpec reference) {
    evaluate(0, reference);
    WorkerSpec policy = reference;
    WorkerSpec anchor = reference;
    for (int t = 0; t < bond.rounds(); t++) {
      TableRef prompts = run(t, new WorldPromptsStage(world)).output();
      TableRef mine = run(t, build.sample(prompts, policy, 1)).output();
      TableRef anchors = run(t, build.sample(prompts, anchor, 2).withStream("anchor")).output();
      TableRef rewards = run(t, build.reward(prompts, List.of(mine, anchors), reference)).output();
      StageRecord trained = run(t, new BondTrainStage(prompts, mine, anchors, rewards, policy, anchor, bond, actor));
      policy = next(policy, trained.output());
      anchor = next(anchor, run(t, new AnchorUpdateStage(trained.output(), anchor, bond.eta())).output());
      stages.out().printf(Locale.ROOT, "round %d: %s, anchor %s; policy sample beat the worse anchor sample in %d of"
          + " %d prompts%n", t, policy.modelVersion(), anchor.modelVersion(),
          trained.counters().getOrDefault("policy_beats_worse_anchor", 0L),
          trained.counters().getOrDefault("trained_prompts", 0L));
      evaluate(t + 1, policy);
    }
    return policy;
  }

  private WorkerSpec next(WorkerSpec model, TableRef checkpoints) {
    CheckpointRow row = CheckpointRow.fromRow(stages.read(checkpoints).first());
    return model.forVersion(row.version(), row.path());
  }

  /** The loop's evaluation of a policy: greedy answers to the held-out set, figures against gold and π_0. */
  private void evaluate(int s, WorkerSpec model) {
    run(s, evaluation.evalGenerate(model));
    TableRef table = run(s, new EvaluateStage(s, model.modelVersion(), List.of(), false)).output();
    List<Metric> metrics = stages.read(table).orderBy("section", "metric").collectAsList().stream()
        .map(Metric::fromRow).toList();
    EvalPrinter.writeJson(stages.runDirectory(), s, Metric.TABLE, metrics);
    stages.out().print("evaluation of " + model.modelVersion() + " (iter=" + s + "):\n" + EvalPrinter.table(metrics));
  }

  private StageRecord run(int t, Stage stage) {
    return stages.run(stage, t);
  }
}
