package dev.tribunal.jobs.config;

/**
 * Best-of-N and BOND (spec section 3).
 *
 * @param n Best-of-N samples per prompt from the reference policy
 * @param reward gold (the world's gold grade: evaluation only, never a training signal in a
 *     self-improvement claim), judge (the mean score of the model's own judge, as the loop's),
 *     direct_rlaif (rlaif.direct's rating by the models section's model)
 *     or reward_model (the checkpoint in reward_model)
 * @param rewardModel a reward-model checkpoint (tribunal reward-model writes one under the run)
 * @param judgments reward judge: judgments per sample whose scores are averaged
 * @param sampling how the reference samples
 * @param batchPrompts prompts per generate call
 * @param partitions partitions of the model stages; 0 takes spark.sql.shuffle.partitions
 * @param variant j_bond or bond
 * @param rounds rounds: fresh samples, training (and for J-BOND the anchor update)
 * @param policySamples BOND's samples of the policy per prompt for the backward term (J-BOND takes one)
 * @param beta the Jeffreys weight: 0 is the forward term alone (SFT on the better anchor sample),
 *     1 the backward term alone (policy gradient on the policy's sample)
 * @param eta the anchor's EMA step towards the policy after each round
 * @param negativeReward J-BOND's reward for a policy sample not above the worse anchor sample (for log 0)
 * @param anchorKl J-BOND's γ of the optional KL(π‖π_anchor) regulariser; 0 leaves it out
 */
public record BondConfig(int n, String reward, String rewardModel, int judgments, SamplingConfig sampling,
    int batchPrompts, int partitions, String variant, int rounds, int policySamples, double beta, double eta,
    double negativeReward, double anchorKl, double learningRate, int epochs, int batchSize) {
  public enum Reward { GOLD, JUDGE, DIRECT_RLAIF, REWARD_MODEL }

  /** j_bond: a moving anchor, Best-of-2 per round (3.4); bond: Best-of-N of the fixed reference (3.3). */
  public enum Variant { J_BOND, BOND }

  public BondConfig {
    Check.range("bond.n", n, 1, 4096);
    Check.oneOf("bond.reward", reward, Reward.class);
    Check.range("bond.judgments", judgments, 1, 64);
    rewardModel = rewardModel == null ? "" : rewardModel;
    if (Check.oneOf("bond.reward", reward, Reward.class) == Reward.REWARD_MODEL && rewardModel.isBlank()) {
      throw new ConfigException("bond.reward_model: reward reward_model needs a checkpoint (tribunal reward-model"
          + " prints where it wrote one)");
    }
    Check.notNull("bond.sampling", sampling);
    sampling.check("bond.sampling");
    Check.range("bond.batch_prompts", batchPrompts, 1, 1_000_000);
    Check.range("bond.partitions", partitions, 0, 1_000_000);
    Check.oneOf("bond.variant", variant, Variant.class);
    Check.range("bond.rounds", rounds, 1, 1000);
    Check.range("bond.policy_samples", policySamples, 1, 1024);
    Check.range("bond.beta", beta, 0.0, 1.0);
    Check.range("bond.eta", eta, 0.0, 1.0);
    if (!(negativeReward < 0)) throw new ConfigException("bond.negative_reward: " + negativeReward + " must be below 0");
    Check.range("bond.anchor_kl", anchorKl, 0.0, 100.0);
    if (anchorKl > 0 && Check.oneOf("bond.variant", variant, Variant.class) != Variant.J_BOND) {
      throw new ConfigException("bond.anchor_kl: the anchor regulariser is J-BOND's; BOND has no anchor (set"
          + " bond.variant: j_bond, or anchor_kl: 0)");
    }
    training(beta, learningRate, epochs, batchSize, 0);
  }

  /** The trainer's settings for round t (its seed), checked when bound so refusals name this section. */
  public dev.tribunal.worker.train.TrainingConfig training(int round) {
    return training(beta, learningRate, epochs, batchSize, round);
  }

  private static dev.tribunal.worker.train.TrainingConfig training(double beta, double learningRate, int epochs,
      int batchSize, int round) {
    try {
      return dev.tribunal.worker.train.TrainingConfig.builder(dev.tribunal.worker.train.Objective.BOND)
          .bondBeta(beta).learningRate(learningRate).epochs(epochs).batchSize(batchSize).seed(round).build();
    } catch (IllegalArgumentException e) {
      throw new ConfigException("bond: " + e.getMessage());
    }
  }

  public Variant variantKind() {
    return Check.oneOf("bond.variant", variant, Variant.class);
  }

  public Reward rewardKind() {
    return Check.oneOf("bond.reward", reward, Reward.class);
  }
}
