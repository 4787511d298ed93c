package dev.tribunal.jobs.stages.eval;

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
 * How far the actor pairs a model was trained on agree with gold: the share of pairs whose chosen
 * response has the higher gold score, among pairs whose two gold scores differ, and the share of
 * pairs gold calls a tie. It says whether the loop's own judgments carried signal (0.5 is none).
 * An evaluation figure only, computed after training: gold never reaches the loop. Pairs whose
 * prompt is not one of the world's tasks (imported prompts) are not counted.
 */
public final class TrainingPairsGold {
  public static final String SECTION = "training_pairs";

  private TrainingPairsGold() {}

  /** tasks: the tasks behind the training prompts of the iteration that made the model. */
  public static List<Metric> of(int iteration, String version, List<Task> tasks, List<PreferencePairRow> pairs) {
    Map<String, Task> byId = tasks.stream()
        .collect(Collectors.toMap(t -> Ids.promptId(t.prompt()), Function.identity(), (a, b) -> a));
    int agree = 0;
    int disagree = 0;
    int ties = 0;
    for (PreferencePairRow p : pairs) {
      Task task = byId.get(p.promptId());
      if (p.kind() != PairKind.ACTOR || task == null) continue;
      int chosen = GoldGrader.grade(task, p.chosen()).score();
      int rejected = GoldGrader.grade(task, p.rejected()).score();
      if (chosen > rejected) agree++;
      else if (chosen < rejected) disagree++;
      else ties++;
    }
    List<Metric> out = new ArrayList<>();
    int matched = agree + disagree + ties;
    if (agree + disagree > 0) {
      out.add(new Metric(iteration, version, SECTION, "actor_gold_agreement", (double) agree / (agree + disagree), agree + disagree));
    }
    if (matched > 0) out.add(new Metric(iteration, version, SECTION, "actor_gold_tie_share", (double) ties / matched, matched));
    return out;
  }
}
