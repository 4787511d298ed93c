package dev.tribunal.jobs.eval;

import dev.tribunal.jobs.world.Family;
import dev.tribunal.jobs.world.GoldGrade;
import dev.tribunal.jobs.world.GoldGrader;
import dev.tribunal.jobs.world.Task;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The actor graded against gold on held-out prompts.
 *
 * @param meanGoldScore mean gold score on the 0-5 rubric
 * @param exactRate     share of responses whose answer is exactly the gold answer
 * @param meanLength    mean response length in characters (the embedded model's tokens)
 * @param exactByFamily exact rate per task family present
 * @param exactByLevel  exact rate per difficulty level present
 */
public record ActorFigures(int prompts, double meanGoldScore, double exactRate, double meanLength,
    Map<Family, Double> exactByFamily, Map<Integer, Double> exactByLevel) {

  public ActorFigures {
    exactByFamily = Map.copyOf(exactByFamily);
    exactByLevel = Map.copyOf(exactByLevel);
  }

  /** Grades response i against task i. */
  public static ActorFigures of(List<Task> tasks, List<String> responses) {
    if (tasks.size() != responses.size()) {
      throw new IllegalArgumentException("actor figures: " + tasks.size() + " tasks but " + responses.size() + " responses");
    }
    if (tasks.isEmpty()) throw new IllegalArgumentException("actor figures: no held-out prompts");
    double score = 0;
    double length = 0;
    Map<Family, Rate> byFamily = new HashMap<>();
    Map<Integer, Rate> byLevel = new HashMap<>();
    Rate all = new Rate();
    for (int i = 0; i < tasks.size(); i++) {
      Task task = tasks.get(i);
      GoldGrade grade = GoldGrader.grade(task, responses.get(i));
      score += grade.score();
      length += responses.get(i).length();
      all.add(grade.exact());
      byFamily.computeIfAbsent(task.family(), k -> new Rate()).add(grade.exact());
      byLevel.computeIfAbsent(task.level(), k -> new Rate()).add(grade.exact());
    }
    int n = tasks.size();
    return new ActorFigures(n, score / n, all.value(), length / n, rates(byFamily), rates(byLevel));
  }

  private static <K> Map<K, Double> rates(Map<K, Rate> counts) {
    Map<K, Double> out = new HashMap<>();
    counts.forEach((k, r) -> out.put(k, r.value()));
    return out;
  }

  /** A share of exact answers, counted. */
  private static final class Rate {
    private int hits;
    private int count;

    void add(boolean hit) {
      hits += hit ? 1 : 0;
      count++;
    }

    double value() {
      return (double) hits / count;
    }
  }
}
