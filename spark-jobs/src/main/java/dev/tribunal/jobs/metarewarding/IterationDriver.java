package dev.tribunal.jobs.metarewarding;

import dev.tribunal.jobs.eval.EvalPrinter;

import dev.tribunal.jobs.run.StageRunner;
import dev.tribunal.jobs.config.MetaRewardingConfig;
import dev.tribunal.jobs.config.RolesConfig;
import dev.tribunal.jobs.config.WorldConfig;
import dev.tribunal.jobs.run.Stage;
import dev.tribunal.jobs.run.StageRecord;
import dev.tribunal.jobs.run.TableRef;
import dev.tribunal.jobs.stages.CheckpointRow;
import dev.tribunal.jobs.stages.PolicyTrainer;
import dev.tribunal.jobs.eval.Metric;
import dev.tribunal.jobs.stages.worker.WorkerSpec;
import dev.tribunal.schemas.PromptRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Meta-Rewarding loop (spec section 1). Iteration t turns M_t into M_{t+1}: the model answers
 * its prompts as actor, judges its answers, meta-judges its judgments (in the iterations that train
 * the judge), the verdicts become actor and judge pairs, and the trainer fits M_{t+1} on them. Each
 * model is evaluated on the same held-out set. Every step is a stage of the run, so a re-run skips
 * what is done. With meta_judging off this is the Self-Rewarding baseline.
 */
public final class IterationDriver {
  private final StageRunner stages;
  private final MetaRewardingStages build;
  private final MetaRewardingConfig config;
  private final PolicyTrainer trainer;
  private final List<IterationSummary> summaries = new ArrayList<>();

  public IterationDriver(StageRunner stages, MetaRewardingConfig config, RolesConfig roles, WorldConfig world,
      PolicyTrainer trainer) {
    this.stages = stages;
    this.build = new MetaRewardingStages(config, roles, world);
    this.config = config;
    this.trainer = trainer;
  }

  /** Evaluates M_0, then runs every iteration; returns the last model. */
  public WorkerSpec run(WorkerSpec seed) {
    evaluate(0, seed);
    WorkerSpec model = seed;
    for (int t = 0; t < config.iterations(); t++) {
      model = iterate(t, model, seed);
    }
    return model;
  }

  /** One iteration: M_t in, M_{t+1} out (trained, committed and evaluated). */
  public WorkerSpec iterate(int t, WorkerSpec model, WorkerSpec seed) {
    Preferences p = preferences(t, model, seed);
    WorkerSpec next = train(t, p.withReference(), model, build.reference(model, seed));
    build.gradeSamples(p.samples()).ifPresent(stage -> run(t, stage));
    List<Metric> figures = evaluate(t + 1, next);
    IterationSummary summary = IterationSummary.of(stages, t, model.modelVersion(), p.samples(), p.judgments(),
        p.metaJudgments(), p.pairs(), p.pairCounters(), next.modelVersion(), figures);
    summaries.add(summary);
    stages.out().print(summary.format());
    return next;
  }

  /** The tables an iteration's feedback lands in, up to the pairs with their reference log-probs. */
  public record Preferences(TableRef prompts, TableRef samples, TableRef judgments, Optional<TableRef> metaJudgments,
      Optional<TableRef> ratings, TableRef pairs, Map<String, Long> pairCounters, TableRef withReference) {}

  /** Actor, judge, meta-judge, battle, pairs, reference log-probs: everything before training. */
  public Preferences preferences(int t, WorkerSpec model, WorkerSpec seed) {
    TableRef prompts = prompts(t);
    TableRef samples = run(t, build.sample(prompts, model)).output();
    TableRef judgments = run(t, build.judge(prompts, samples, model)).output();
    Optional<TableRef> metaJudgments = Optional.empty();
    Optional<TableRef> ratings = Optional.empty();
    if (config.trainsJudge(t)) {
      metaJudgments = Optional.of(run(t, build.metaJudge(prompts, samples, judgments, model)).output());
      ratings = Optional.of(run(t, build.battle(judgments, metaJudgments.get())).output());
    }
    StageRecord pairs = run(t, build.pairs(t, prompts, samples, judgments, ratings));
    TableRef withReference = run(t, build.refLogprobs(pairs.output(), build.reference(model, seed))).output();
    return new Preferences(prompts, samples, judgments, metaJudgments, ratings, pairs.output(),
        pairs.counters() == null ? Map.of() : pairs.counters(), withReference);
  }

  /** DPO on the driver; the committed checkpoint row names M_{t+1}. */
  WorkerSpec train(int t, TableRef pairs, WorkerSpec model, WorkerSpec reference) {
    TableRef checkpoints = run(t, build.train(pairs, model, reference, trainer)).output();
    CheckpointRow trained = CheckpointRow.fromRow(stages.read(checkpoints).first());
    return model.forVersion(trained.version(), trained.path());
  }

  /** M_s's greedy answers to the fixed evaluation set, then its figures (iter=s/eval and eval.json). */
  public List<Metric> evaluate(int s, WorkerSpec model) {
    run(s, build.evalGenerate(model));
    TableRef table = run(s, build.evaluate(s, model)).output();
    List<Metric> metrics = stages.read(table).orderBy("section", "metric").collectAsList().stream()
        .map(Metric::fromRow).toList();
    EvalPrinter.writeJson(stages.runDirectory(), s, Metric.TABLE, metrics);
    stages.out().print("evaluation of " + model.modelVersion() + " (iter=" + s + "):\n" + EvalPrinter.table(metrics));
    return metrics;
  }

  public List<IterationSummary> summaries() {
    return List.copyOf(summaries);
  }

  /**
   * World prompts are drawn afresh each iteration; imported ones are the same in every iteration.
   * Either way the other kind must not be there: world prompts would replace imported ones.
   */
  private TableRef prompts(int t) {
    TableRef imported = new TableRef(0, PromptRow.TABLE);
    boolean wasImported = stages.runDirectory().readManifest().find("import", 0).map(StageRecord::completed).orElse(false);
    if (config.promptSource() == MetaRewardingConfig.PromptSource.IMPORTED) {
      if (!wasImported) {
        throw new IllegalStateException("meta_rewarding.prompts is imported, but run " + stages.runDirectory().uri()
            + " has no imported prompts: run tribunal import with this run id first");
      }
      return imported;
    }
    if (wasImported) {
      throw new IllegalStateException("run " + stages.runDirectory().uri() + " has imported prompts (" + imported
          + ") but meta_rewarding.prompts is world: set it to imported, or use another run id");
    }
    return run(t, build.prompts()).output();
  }

  private StageRecord run(int t, Stage stage) {
    return stages.run(stage, t);
  }
}
