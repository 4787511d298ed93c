package dev.tribunal.jobs.config;

/**
 * The embedded task world: where training prompts come from (when meta_rewarding.prompts is
 * world) and the fixed held-out sets every model is evaluated on.
 *
 * @param prompts training prompts per iteration (distinct prompts; repeats are dropped)
 * @param heldOut held-out prompts answered greedily and graded against gold
 * @param judgeExamples (prompt, response) items with a known gold score, for the judge's Spearman
 * @param metaJudgeExamples responses with a close and a far judgement, each shown in both orders
 */
public record WorldConfig(long seed, int prompts, int heldOut, int judgeExamples, int metaJudgeExamples) {
  public WorldConfig {
    Check.range("world.prompts", prompts, 1, 100_000_000);
    Check.range("world.held_out", heldOut, 1, 1_000_000);
    Check.range("world.judge_examples", judgeExamples, 2, 1_000_000);
    Check.range("world.meta_judge_examples", metaJudgeExamples, 1, 1_000_000);
  }
}
