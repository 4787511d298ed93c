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
 */
public record MetaRewardingConfig(int iterations, String prompts, int k, int n, int batchPrompts,
    int partitions, boolean metaJudging, List<Integer> judgeIterations, String reference,
    SamplingConfig actor, SamplingConfig judge, SamplingConfig metaJudge, BattleConfig battle,
    PairsConfig pairs, DpoConfig dpo) {
  public enum PromptSource { WORLD, IMPORTED }

  public enum Reference { PREVIOUS, SEED }

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
