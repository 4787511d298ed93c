package dev.tribunal.jobs.bond;

import dev.tribunal.jobs.config.BondConfig;
import dev.tribunal.jobs.config.MetaRewardingConfig;
import dev.tribunal.jobs.config.ModelsConfig;
import dev.tribunal.jobs.config.RlaifConfig;
import dev.tribunal.jobs.config.RolesConfig;
import dev.tribunal.jobs.config.TribunalConfig;
import dev.tribunal.jobs.config.WorldConfig;
import dev.tribunal.jobs.rlaif.JudgeRater;
import dev.tribunal.jobs.rlaif.RewardModelRater;
import dev.tribunal.jobs.roles.InjectionDetector;
import dev.tribunal.jobs.run.ModelStore;
import dev.tribunal.jobs.run.Stage;
import dev.tribunal.jobs.run.TableRef;
import dev.tribunal.jobs.stages.ModelUse;
import dev.tribunal.jobs.stages.SampleExclusions;
import dev.tribunal.jobs.stages.SampleStage;
import dev.tribunal.jobs.stages.worker.WorkerSpec;
import java.util.List;

/** The stages of a Best-of-N run, built from the configuration: sample N, reward, choose, evaluate. */
public record BestOfNStages(BondConfig bond, RlaifConfig rlaif, RolesConfig roles, WorldConfig world,
    ModelsConfig models, MetaRewardingConfig loop) {

  /** The stages as the configuration sets them, its roles resolved for the models section's model. */
  public static BestOfNStages of(TribunalConfig config) {
    return new BestOfNStages(config.bond(), config.rlaif(), config.resolvedRoles(), config.world(), config.models(),
        config.metaRewarding());
  }

  private ModelUse use(WorkerSpec model) {
    return new ModelUse(model, bond.batchPrompts(), bond.partitions());
  }

  /** k samples per prompt from a policy (Best-of-N: N from the reference). */
  public SampleStage sample(TableRef prompts, WorkerSpec policy, int k) {
    InjectionDetector detector = InjectionDetector.of(roles.judge().template(), roles.metaJudge(false).template());
    return new SampleStage(prompts, use(policy), k, bond.sampling(), roles.actor(),
        new SampleExclusions(roles.templateMarkers(), detector));
  }

  /** The configured reward of every draw of the sample tables. */
  public Stage reward(TableRef prompts, List<TableRef> samples, WorkerSpec reference) {
    return reward(prompts, samples, reference, "");
  }

  /** The same as a stream of its own (its own stage and table), e.g. the reference's Best-of-N beside a round. */
  public Stage reward(TableRef prompts, List<TableRef> samples, WorkerSpec reference, String stream) {
    return switch (bond.rewardKind()) {
      case GOLD -> new GoldRewardStage(samples, world, stream);
      case JUDGE -> new SampleRewardStage(prompts, samples, use(reference), new JudgeRater(roles.judge(), loop.judge(),
          bond.judgments(), roles.actor(), loop.actor()), stream);
      case DIRECT_RLAIF -> new SampleRewardStage(prompts, samples, use(reference), rlaif.direct().rating(rlaif.form()),
          stream);
      case REWARD_MODEL -> new SampleRewardStage(prompts, samples, use(rewardModel()), new RewardModelRater(), stream);
    };
  }

  /** Each draw's log-probability under a model, for the KL to the reference. */
  public SampleLogprobsStage logprobs(TableRef prompts, TableRef samples, WorkerSpec model, String stream) {
    return new SampleLogprobsStage(prompts, samples, use(model), stream, roles.actor());
  }

  public String rewardKind() {
    return switch (bond.rewardKind()) {
      case GOLD -> GoldRewardStage.KIND;
      case JUDGE -> JudgeRater.KIND;
      case DIRECT_RLAIF -> dev.tribunal.jobs.rlaif.DirectScore.KIND;
      case REWARD_MODEL -> RewardModelRater.KIND;
    };
  }

  /** The reward model checkpoint (a local path or any Hadoop URI), served in the in-JVM runtime under its directory's name. */
  private WorkerSpec rewardModel() {
    String dir = ModelStore.qualify(bond.rewardModel());
    return new WorkerSpec.Djl("rm:" + new org.apache.hadoop.fs.Path(dir).getName(), dir, models.runtime());
  }
}
