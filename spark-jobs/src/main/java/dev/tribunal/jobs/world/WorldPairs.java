package dev.tribunal.jobs.world;

import dev.tribunal.schemas.CorpusPairRow;
import dev.tribunal.schemas.Message;
import dev.tribunal.schemas.PairFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A preference corpus from the task world, with gold preferences: per training task two concise
 * answers of different gold grade (exact, near, partial or wrong: format never tells them apart),
 * in random order, labeled 1 when a has the higher grade. What a labeler or reward model on the
 * world is measured against.
 */
public final class WorldPairs {
  private static final ResponseKind[] CONCISE = {ResponseKind.EXACT, ResponseKind.NEAR, ResponseKind.PARTIAL,
      ResponseKind.WRONG};
  private static final int DRAWS = 20;

  private WorldPairs() {}

  /** Two answers a and b to one task, of different gold grade and text. */
  public record Graded(int index, Task task, String a, String b, GoldGrade gradeA, GoldGrade gradeB) {
    public boolean aBetter() {
      return gradeA.score() > gradeB.score();
    }
  }

  public static List<CorpusPairRow> of(TaskWorld world, int n) {
    long seed = world.derive("pairs").seed();
    return graded(world, n).stream().map(p -> new CorpusPairRow("world-" + p.index(),
        List.of(new Message("user", p.task().prompt())), p.a(), p.b(), p.aBetter() ? 1.0 : 0.0, PairFormat.WORLD,
        "world:seed=" + seed, null)).toList();
  }

  /** The pairs of the first n training tasks, with their grades; a task where none can be drawn has none. */
  public static List<Graded> graded(TaskWorld world, int n) {
    TaskWorld pairs = world.derive("pairs");
    List<Task> tasks = pairs.tasks(n);
    List<Graded> out = new ArrayList<>(n);
    for (int i = 0; i < tasks.size(); i++) {
      Graded pair = pair(i, tasks.get(i), Seeds.random(pairs.seed(), "pair", i));
      if (pair != null) out.add(pair);
    }
    return out;
  }

  /** Two answers of different grade and text; null in the rare task where none can be drawn. */
  private static Graded pair(int index, Task task, Random rng) {
    for (int d = 0; d < DRAWS; d++) {
      ResponseKind a = CONCISE[rng.nextInt(CONCISE.length)];
      ResponseKind b = CONCISE[rng.nextInt(CONCISE.length)];
      if (a.score() == b.score()) continue;
      String ra = Responses.write(task, a, rng);
      String rb = Responses.write(task, b, rng);
      GoldGrade ga = GoldGrader.grade(task, ra);
      GoldGrade gb = GoldGrader.grade(task, rb);
      if (ga.score() == gb.score() || ra.equals(rb)) continue;
      return new Graded(index, task, ra, rb, ga, gb);
    }
    return null;
  }
}
