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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Locale;

/**
 * BOND (spec 3.3) and J-BOND (3.4) as rounds of stages: in round t, fresh world prompts, samples of
 * the policy π_t and of the guide (J-BOND: two of the anchor; BOND: N of the reference), their
 * rewards, the step on the driver (π_{t+1}), for J-BOND the anchor's EMA update, and π_{t+1}'s
 * evaluation on the fixed held-out set. Every step is a stage of the run, so a run killed between
 * rounds resumes where it stopped.
 */
public final class BondDriver {
  /** The stream of the reference's own samples and scores beside a round's. */
  static final String REFERENCE = "reference";
  private final StageRunner stages;
  private final BestOfNStages build;
  private final MetaRewardingStages evaluation;
  private final BondConfig bond;
  private final WorldConfig world;
  private final ActorRole actor;

  public BondDriver(StageRunner stages, BestOfNStages build, MetaRewardingStages evaluation, BondConfig bond,
      WorldConfig world, ActorRole actor) {
    this.stages = stages;
    this.build = build;
    this.evaluation = evaluation;
    this.bond = bond;
    this.world = world;
    this.actor = actor;
  }

  /**
   * Evaluates the reference and its Best-of-n on round 0's prompts, runs every round, and prints the
   * reward-KL table over rounds; returns the last policy.
   */
  public WorkerSpec run(WorkerSpec reference) {
    evaluate(0, reference);
    List<Metric> bestOfN = bestOfN(reference);
    WorkerSpec policy = reference;
    WorkerSpec anchor = reference;
    List<List<Metric>> rounds = new ArrayList<>();
    for (int t = 0; t < bond.rounds(); t++) {
      Round r = round(t, policy, anchor, reference);
      rounds.add(r.figures());
      StageRecord trained = run(t, r.step());
      policy = next(policy, trained.output());
      if (jBond()) anchor = next(anchor, run(t, new AnchorUpdateStage(trained.output(), anchor, bond.eta())).output());
      stages.out().printf(Locale.ROOT, "round %d: %s%s; backward reward 0 for %d of %d prompts%n", t,
          policy.modelVersion(), jBond() ? ", anchor " + anchor.modelVersion() : "",
          trained.counters().getOrDefault("backward_reward_zero", 0L), trained.counters().getOrDefault("trained_prompts", 0L));
      rounds.get(t).addAll(evaluate(t + 1, policy));
    }
    stages.out().print(RoundTable.format(jBond() ? "J-BOND" : "BOND", bestOfN, rounds));
    return policy;
  }

  /** A round's figures of π_t and its training step, once its samples are drawn, rated and scored. */
  private record Round(List<Metric> figures, BondTrainStage step) {}

  /**
   * Fresh prompts; π_t's samples (one for J-BOND) and the guide's (the anchor's two, or the
   * reference's N); their rewards; log π_ref of π_t's samples where BOND needs it or π_t has moved.
   */
  private Round round(int t, WorkerSpec policy, WorkerSpec anchor, WorkerSpec reference) {
    TableRef prompts = run(t, new WorldPromptsStage(world)).output();
    TableRef mine = run(t, build.sample(prompts, policy, jBond() ? 1 : bond.policySamples())).output();
    WorkerSpec guide = jBond() ? anchor : reference;
    TableRef guided = run(t, jBond() ? build.sample(prompts, anchor, 2).withStream("anchor")
        : build.sample(prompts, reference, bond.n()).withStream(REFERENCE)).output();
    TableRef rewards = run(t, build.reward(prompts, List.of(mine, guided), reference)).output();
    boolean moved = !policy.modelVersion().equals(reference.modelVersion());
    Optional<TableRef> refLogps = moved || !jBond()
        ? Optional.of(run(t, build.logprobs(prompts, mine, reference, REFERENCE)).output()) : Optional.empty();
    Optional<TableRef> policyLogps = moved
        ? Optional.of(run(t, build.logprobs(prompts, mine, policy, "policy")).output()) : Optional.empty();
    TableRef figures = run(t, new RoundFiguresStage(mine, rewards, policyLogps, refLogps, world,
        policy.modelVersion())).output();
    List<Metric> f = new ArrayList<>(stages.read(figures).collectAsList().stream().map(Metric::fromRow).toList());
    Optional<TableRef> guideLogps = !jBond() ? refLogps : bond.anchorKl() > 0
        ? Optional.of(run(t, build.logprobs(prompts, mine, anchor, "anchor")).output()) : Optional.empty();
    return new Round(f, new BondTrainStage(prompts, mine, guided, rewards, guideLogps, policy, guide, bond, actor));
  }

  private boolean jBond() {
    return bond.variantKind() == BondConfig.Variant.J_BOND;
  }

  /** Best-of-n of the reference at n = 1, 2, 4, ... bond.n on round 0's prompts: what J-BOND distils. */
  private List<Metric> bestOfN(WorkerSpec reference) {
    TableRef prompts = run(0, new WorldPromptsStage(world)).output();
    TableRef drawn = run(0, build.sample(prompts, reference, bond.n()).withStream(REFERENCE)).output();
    TableRef rewards = run(0, build.reward(prompts, List.of(drawn), reference, REFERENCE)).output();
    TableRef eval = run(0, new BestOfNEvalStage(drawn, rewards, world, bond.n(), build.rewardKind())).output();
    return stages.read(eval).collectAsList().stream().map(Metric::fromRow).toList();
  }

  private WorkerSpec next(WorkerSpec model, TableRef checkpoints) {
    CheckpointRow row = CheckpointRow.fromRow(stages.read(checkpoints).first());
    return model.forVersion(row.version(), row.path());
  }

  /** The loop's evaluation of a policy: greedy answers to the held-out set, figures against gold and π_0. */
  private List<Metric> evaluate(int s, WorkerSpec model) {
    run(s, evaluation.evalGenerate(model));
    TableRef table = run(s, new EvaluateStage(s, model.modelVersion(), List.of(), false)).output();
    List<Metric> metrics = stages.read(table).orderBy("section", "metric").collectAsList().stream()
        .map(Metric::fromRow).toList();
    EvalPrinter.writeJson(stages.runDirectory(), s, Metric.TABLE, metrics);
    stages.out().print("evaluation of " + model.modelVersion() + " (iter=" + s + "):\n" + EvalPrinter.table(metrics));
    return metrics;
  }

  private StageRecord run(int t, Stage stage) {
    return stages.run(stage, t);
  }
}
