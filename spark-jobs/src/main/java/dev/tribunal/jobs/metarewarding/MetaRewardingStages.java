package dev.tribunal.jobs.metarewarding;

import dev.tribunal.jobs.config.MetaRewardingConfig;
import dev.tribunal.jobs.config.RolesConfig;
import dev.tribunal.jobs.config.WorldConfig;
import dev.tribunal.jobs.roles.InjectionDetector;
import dev.tribunal.jobs.run.Stage;
import dev.tribunal.jobs.run.TableRef;
import dev.tribunal.jobs.stages.EvalGenerateStage;
import dev.tribunal.jobs.stages.EvaluateStage;
import dev.tribunal.jobs.stages.GradeSamplesStage;
import dev.tribunal.jobs.stages.ModelUse;
import dev.tribunal.jobs.stages.PolicyTrainer;
import dev.tribunal.jobs.stages.RefLogprobsStage;
import dev.tribunal.jobs.stages.SampleExclusions;
import dev.tribunal.jobs.stages.SampleStage;
import dev.tribunal.jobs.stages.TrainStage;
import dev.tribunal.jobs.stages.WorldPromptsStage;
import dev.tribunal.jobs.stages.worker.WorkerSpec;
import java.util.List;
import java.util.Optional;

/** The loop's stages, configured: what the driver names, this builds. */
public record MetaRewardingStages(MetaRewardingConfig config, RolesConfig roles, WorldConfig world) {

  /** Watches responses for the delimiter tags of the judge and meta-judge templates in use. */
  private InjectionDetector detector() {
    return InjectionDetector.of(roles.judge().template(), roles.metaJudge(false).template());
  }

  /** A model stage's model, taking batch inputs per call, over the configured partitions. */
  private ModelUse use(WorkerSpec model, int batch) {
    return new ModelUse(model, batch, config.partitions());
  }

  public WorldPromptsStage prompts() {
    return new WorldPromptsStage(world);
  }

  public SampleStage sample(TableRef prompts, WorkerSpec model) {
    return new SampleStage(prompts, use(model, config.batchPrompts()), config.k(), config.actor(), roles.actor(),
        new SampleExclusions(roles.templateMarkers(), detector()));
  }

  /** The model's judge, or the world's gold grader where the feedback is gold (the ceiling). */
  public Stage judge(TableRef prompts, TableRef samples, WorkerSpec model) {
    if (config.feedbackSource() == MetaRewardingConfig.Feedback.GOLD) return new GoldJudgeStage(samples, world);
    return new JudgeStage(prompts, samples, use(model, config.batchPrompts()), config.n(), config.judge(),
        roles.judge(), detector(), new JudgeStage.Reference(roles.actor(), config.actor()), roles.overflow());
  }

  public MetaJudgeStage metaJudge(TableRef prompts, TableRef samples, TableRef judgments, WorkerSpec model) {
    return new MetaJudgeStage(prompts, samples, judgments, use(model, config.batchPrompts()), config.metaJudge(),
        roles.metaJudge(config.battle().stripScores()), roles.overflow(), config.pairs().unit());
  }

  public BattleStage battle(TableRef judgments, TableRef metaJudgments) {
    return new BattleStage(judgments, metaJudgments, config.battle());
  }

  public PairsStage pairs(int t, TableRef prompts, TableRef samples, TableRef judgments, Optional<TableRef> ratings) {
    return new PairsStage(prompts, samples, judgments, ratings, roles.actor(), roles.judge(),
        config.pairs().actor(t), config.pairs().judge());
  }

  public RefLogprobsStage refLogprobs(TableRef pairs, WorkerSpec reference) {
    return new RefLogprobsStage(pairs, use(reference, config.batchPrompts() * config.k()), config.dpo().endOfTurn());
  }

  public TrainStage train(TableRef pairs, WorkerSpec model, WorkerSpec reference, PolicyTrainer trainer) {
    return new TrainStage(pairs, model, reference, config.dpo(), trainer);
  }

  public EvalGenerateStage evalGenerate(WorkerSpec model) {
    // The meta-judge is evaluated as the loop uses it (with or without the judgments' score lines).
    var evalRoles = new EvalGenerateStage.Roles(roles.actor(), roles.judge(), roles.metaJudge(config.battle().stripScores()),
        config.actor(), config.judge(), config.metaJudge());
    return new EvalGenerateStage(world, evalRoles, use(model, config.batchPrompts() * config.k()));
  }

  /** The gold grades of an iteration's samples, for analysis after the fact: world prompts only. */
  public Optional<GradeSamplesStage> gradeSamples(TableRef samples) {
    return config.promptSource() == MetaRewardingConfig.PromptSource.WORLD
        ? Optional.of(new GradeSamplesStage(samples, world)) : Optional.empty();
  }

  public EvaluateStage evaluate(int s, WorkerSpec model) {
    boolean fromWorld = s >= 1 && config.promptSource() == MetaRewardingConfig.PromptSource.WORLD;
    return new EvaluateStage(s, model.modelVersion(), fromWorld ? world.trainingTasks(s - 1) : List.of(),
        s >= 1 && config.trainsJudge(s - 1));
  }

  /** The DPO reference of iteration t: M_t itself, or M_0. */
  public WorkerSpec reference(WorkerSpec model, WorkerSpec seed) {
    return config.referenceModel() == MetaRewardingConfig.Reference.PREVIOUS ? model : seed;
  }

  public MetaRewardingConfig config() {
    return config;
  }
}
