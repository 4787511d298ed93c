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

  public static List<CorpusPairRow> of(TaskWorld world, int n) {
    TaskWorld pairs = world.derive("pairs");
    List<Task> tasks = pairs.tasks(n);
    List<CorpusPairRow> out = new ArrayList<>(n);
    for (int i = 0; i < tasks.size(); i++) {
      CorpusPairRow row = pair(tasks.get(i), Seeds.random(pairs.seed(), "pair", i), "world-" + i, pairs.seed());
      if (row != null) out.add(row);
    }
    return out;
  }

  /** Two answers of different grade and text; null in the rare task where none can be drawn. */
  private static CorpusPairRow pair(Task task, Random rng, String id, long seed) {
    for (int d = 0; d < DRAWS; d++) {
      ResponseKind a = CONCISE[rng.nextInt(CONCISE.length)];
      ResponseKind b = CONCISE[rng.nextInt(CONCISE.length)];
      if (a.score() == b.score()) continue;
      String ra = Responses.write(task, a, rng);
      String rb = Responses.write(task, b, rng);
      int ga = GoldGrader.grade(task, ra).score();
      int gb = GoldGrader.grade(task, rb).score();
      if (ga == gb || ra.equals(rb)) continue;
      return new CorpusPairRow(id, List.of(new Message("user", task.prompt())), ra, rb, ga > gb ? 1.0 : 0.0,
          PairFormat.WORLD, "world:seed=" + seed, null);
    }
    return null;
  }
}
