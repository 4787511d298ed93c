package dev.tribunal.jobs.report;

import dev.tribunal.jobs.eval.Metric;
import dev.tribunal.jobs.run.Manifest;
import dev.tribunal.jobs.stages.CheckpointRow;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything the report draws, gathered from one run (by {@link RunReader}, or by hand in tests):
 * small tables and aggregates only, never a model-output table itself.
 *
 * @param evaluations iter=s/eval by s: each model's held-out figures
 * @param iterations the iterations' (rounds') own tables, summarised
 * @param checkpoints iter=t/checkpoints: the models trained by the loop or by BOND's rounds
 * @param rewardModels iter=0/reward_models: the distilled reward model
 * @param labelEvaluations iter=0/label_eval and direct_rlaif_eval, section = the labeler's kind
 * @param bondRounds iter=t/bond_figures by round: the policy's reward, gold and KL at one sample
 * @param bestOfN iter=0/best_of_n_eval: Best-of-n of the reference, n = 1, 2, 4, ...
 */
public record RunFacts(String runId, String run, Manifest manifest, SortedMap<Integer, List<Metric>> evaluations,
    List<IterationFacts> iterations, List<CheckpointRow> checkpoints, List<CheckpointRow> rewardModels,
    List<Metric> labelEvaluations, SortedMap<Integer, List<Metric>> bondRounds, List<Metric> bestOfN) {
  public RunFacts {
    evaluations = new TreeMap<>(evaluations);
    iterations = List.copyOf(iterations);
    checkpoints = List.copyOf(checkpoints);
    rewardModels = List.copyOf(rewardModels);
    labelEvaluations = List.copyOf(labelEvaluations);
    bondRounds = new TreeMap<>(bondRounds);
    bestOfN = List.copyOf(bestOfN);
  }
}
