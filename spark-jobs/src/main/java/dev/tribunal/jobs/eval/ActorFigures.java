package dev.tribunal.jobs.eval;

import dev.tribunal.jobs.world.Family;
import dev.tribunal.jobs.world.GoldGrade;
import dev.tribunal.jobs.world.GoldGrader;
import dev.tribunal.jobs.world.Task;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The actor graded against gold on held-out prompts.
 *
 * @param meanGoldScore mean gold score on the 0-5 rubric
 * @param exactRate     share of responses whose answer is exactly the gold answer
 * @param meanLength    mean response length in characters (the embedded model's tokens)
 * @param exactByFamily exact rate per task family present
 */
public record ActorFigures(int prompts, double meanGoldScore, double exactRate, double meanLength,
    Map<Family, Double> exactByFamily) {

  public ActorFigures {
    exactByFamily = Map.copyOf(exactByFamily);
  }

  /** Grades response i against task i. */
  public static ActorFigures of(List<Task> tasks, List<String> responses) {
    if (tasks.size() != responses.size()) {
      throw new IllegalArgumentException("actor figures: " + tasks.size() + " tasks but " + responses.size() + " responses");
    }
    if (tasks.isEmpty()) throw new IllegalArgumentException("actor figures: no held-out prompts");
    double score = 0;
    double exact = 0;
    double length = 0;
    Map<Family, int[]> byFamily = new EnumMap<>(Family.class); // {exact, count}
    for (int i = 0; i < tasks.size(); i++) {
      GoldGrade grade = GoldGrader.grade(tasks.get(i), responses.get(i));
      score += grade.score();
      exact += grade.exact() ? 1 : 0;
      length += responses.get(i).length();
      int[] f = byFamily.computeIfAbsent(tasks.get(i).family(), k -> new int[2]);
      f[0] += grade.exact() ? 1 : 0;
      f[1]++;
    }
    Map<Family, Double> rates = new EnumMap<>(Family.class);
    byFamily.forEach((family, f) -> rates.put(family, (double) f[0] / f[1]));
    int n = tasks.size();
    return new ActorFigures(n, score / n, exact / n, length / n, rates);
  }
}
