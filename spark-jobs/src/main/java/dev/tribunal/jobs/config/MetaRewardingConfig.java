package dev.tribunal.jobs.config;

import java.util.List;

/**
 * One Meta-Rewarding run (spec section 1). Iteration t (0-based) samples, judges and trains with
 * M_t and yields M_{t+1}. With meta_judging false it is the Self-Rewarding baseline: actor pairs
 * only, the judge never trained.
 *
 * @param prompts world (fresh task-world prompts each iteration) or imported (iter=0/prompts,
 *     from tribunal import, in every iteration)
 * @param k responses sampled per prompt
 * @param n judgments sampled per response
 * @param batchPrompts prompts (or responses) per generate call; each brings K (or N) requests
 * @param partitions partitions of the model stages; 0 takes spark.sql.shuffle.partitions
 * @param judgeIterations the iterations t whose pairs include judge pairs (the paper: the first two)
 * @param reference the DPO reference: previous (M_t) or seed (M_0)
 * @param feedback self (the model judges its own answers: the paper) or gold (the world's gold
 *     grader replaces the judge: the ceiling of what DPO on this data can do; world prompts only,
 *     and no meta-judging, since there is no judge to train)
 */
public record MetaRewardingConfig(int iterations, String prompts, int k, int n, int batchPrompts,
    int partitions, boolean metaJudging, List<Integer> judgeIterations, String reference,
    SamplingConfig actor, SamplingConfig judge, SamplingConfig metaJudge, BattleConfig battle,
    PairsConfig pairs, DpoConfig dpo, String feedback) {
  public enum PromptSource { WORLD, IMPORTED }

  public enum Reference { PREVIOUS, SEED }

  public enum Feedback { SELF, GOLD }

  public MetaRewardingConfig {
    Check.range("meta_rewarding.iterations", iterations, 1, 1000);
    Check.oneOf("meta_rewarding.prompts", prompts, PromptSource.class);
    Check.range("meta_rewarding.k", k, 2, 10_000);
    Check.range("meta_rewarding.n", n, 1, 10_000);
    if (metaJudging && n < 2) {
      throw new ConfigException("meta_rewarding.n: " + n + " is too small; meta-judging compares"
          + " judgments of one response, so it needs at least 2 (or set meta_rewarding.meta_judging: false)");
    }
    Check.range("meta_rewarding.batch_prompts", batchPrompts, 1, 1_000_000);
    Check.range("meta_rewarding.partitions", partitions, 0, 1_000_000);
    judgeIterations = judgeIterations == null ? List.of() : List.copyOf(judgeIterations);
    for (int t : judgeIterations) {
      Check.range("meta_rewarding.judge_iterations", t, 0, iterations - 1);
    }
    Check.oneOf("meta_rewarding.reference", reference, Reference.class);
    sampling("actor", actor);
    sampling("judge", judge);
    sampling("meta_judge", metaJudge);
    Check.notNull("meta_rewarding.battle", battle);
    Check.notNull("meta_rewarding.pairs", pairs);
    Check.notNull("meta_rewarding.dpo", dpo);
    if (Check.oneOf("meta_rewarding.feedback", feedback, Feedback.class) == Feedback.GOLD) {
      if (Check.oneOf("meta_rewarding.prompts", prompts, PromptSource.class) != PromptSource.WORLD) {
        throw new ConfigException("meta_rewarding.feedback: gold grades task-world prompts only; imported prompts"
            + " have no gold answer (set meta_rewarding.prompts: world, or feedback: self)");
      }
      if (metaJudging && !judgeIterations.isEmpty()) {
        throw new ConfigException("meta_rewarding.feedback: gold replaces the judge, so there is no judge to"
            + " meta-judge or train: set meta_rewarding.meta_judging: false");
      }
    }
  }

  public Feedback feedbackSource() {
    return Check.oneOf("meta_rewarding.feedback", feedback, Feedback.class);
  }

  private static void sampling(String role, SamplingConfig config) {
    Check.notNull("meta_rewarding." + role, config);
    config.check("meta_rewarding." + role);
  }

  public PromptSource promptSource() {
    return Check.oneOf("meta_rewarding.prompts", prompts, PromptSource.class);
  }

  public Reference referenceModel() {
    return Check.oneOf("meta_rewarding.reference", reference, Reference.class);
  }

  /** Whether iteration t meta-judges and trains the judge. */
  public boolean trainsJudge(int iteration) {
    return metaJudging && judgeIterations.contains(iteration);
  }
}
