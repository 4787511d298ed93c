package dev.tribunal.jobs.eval;

import dev.tribunal.jobs.eval.PairTally;
import dev.tribunal.jobs.world.GoldGrader;
import dev.tribunal.jobs.world.Task;
import dev.tribunal.schemas.Ids;
import dev.tribunal.schemas.PairKind;
import dev.tribunal.schemas.PreferencePairRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How far the pairs a model was trained on agree with gold, per kind: the share of pairs gold
 * sides with, among pairs it does not call a tie, and the share it calls a tie. An actor pair
 * agrees when its chosen response has the higher gold score; a judge pair when its chosen
 * judgment's score is closer to the judged response's gold score. It says whether the loop's own
 * judgments and meta-judgments carried signal (0.5 is none). An evaluation figure only, computed
 * after training: gold never reaches the loop. Pairs whose prompt is not one of the world's tasks
 * (imported prompts) are not counted.
 */
public final class TrainingPairsGold {
  public static final String SECTION = "training_pairs";

  /** A judgment a judge pair was built from: the score it gave and the response it judged. */
  public record Judged(int score, String response) {}

  private TrainingPairsGold() {}

  /**
   * tasks: the tasks behind the training prompts of the iteration that made the model; judged:
   * the judgments of that iteration by id (those of judge pairs at least).
   */
  public static List<Metric> of(int iteration, String version, List<Task> tasks, List<PreferencePairRow> pairs,
      Map<String, Judged> judged) {
    Map<String, Task> byId = tasks.stream()
        .collect(Collectors.toMap(t -> Ids.promptId(t.prompt()), Function.identity(), (a, b) -> a));
    PairTally actor = new PairTally();
    PairTally judge = new PairTally();
    for (PreferencePairRow p : pairs) {
      Task task = byId.get(p.promptId());
      if (task == null) continue;
      if (p.kind() == PairKind.ACTOR) {
        actor.add(GoldGrader.grade(task, p.chosen()).score() - GoldGrader.grade(task, p.rejected()).score());
      } else if (judged.containsKey(p.chosenId()) && judged.containsKey(p.rejectedId())) {
        Judged chosen = judged.get(p.chosenId());
        Judged rejected = judged.get(p.rejectedId());
        judge.add(offGold(task, rejected) - offGold(task, chosen));
      }
    }
    List<Metric> out = new ArrayList<>();
    report(actor, "actor", iteration, version, out);
    report(judge, "judge", iteration, version, out);
    return out;
  }

  private static int offGold(Task task, Judged j) {
    return Math.abs(j.score() - GoldGrader.grade(task, j.response()).score());
  }

  private static void report(PairTally t, String kind, int iteration, String version, List<Metric> out) {
    if (t.decided() > 0) out.add(new Metric(iteration, version, SECTION, kind + "_gold_agreement", t.agreement(), t.decided()));
    if (t.all() > 0) out.add(new Metric(iteration, version, SECTION, kind + "_gold_tie_share", t.tieShare(), t.all()));
  }
}
