package dev.tribunal.jobs.world;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

/**
 * A deterministic, seeded source of tasks. Family and level are drawn uniformly.
 *
 * <p>Held-out prompts are disjoint from training prompts by construction: a prompt belongs to
 * the held-out split when a stable hash of its text falls in one tenth of the hash space
 * ({@link #isHeldOut}), whatever the seed. Training draws skip held-out prompts and held-out
 * draws skip training prompts, so no seed, stream or count can make them meet.
 */
public final class TaskWorld {
  /** One prompt in this many is held out. */
  static final int HELD_OUT_EVERY = 10;
  /** How many draws per requested held-out prompt before giving up on a too-small world. */
  private static final int DRAWS_PER_PROMPT = 200;

  private final long seed;
  private final List<Family> families;
  private final int minLevel;
  private final int maxLevel;

  /** Every family at every level. */
  public TaskWorld(long seed) {
    this(seed, EnumSet.allOf(Family.class), 1, Task.MAX_LEVEL);
  }

  public TaskWorld(long seed, Set<Family> families, int minLevel, int maxLevel) {
    Objects.requireNonNull(families, "families");
    if (families.isEmpty()) {
      throw new IllegalArgumentException("task world needs at least one family");
    }
    if (minLevel < 1 || maxLevel > Task.MAX_LEVEL || minLevel > maxLevel) {
      throw new IllegalArgumentException("task world levels must satisfy 1 <= min <= max <= "
          + Task.MAX_LEVEL + ", got " + minLevel + ".." + maxLevel);
    }
    this.seed = seed;
    this.families = List.copyOf(EnumSet.copyOf(families));
    this.minLevel = minLevel;
    this.maxLevel = maxLevel;
  }

  /** The same families and levels with an independent seed, for another use of the world. */
  public TaskWorld derive(String purpose) {
    return new TaskWorld(Seeds.derive(seed, purpose), EnumSet.copyOf(families), minLevel, maxLevel);
  }

  /** Whether a prompt belongs to the held-out split; fixed by the prompt text alone. */
  public static boolean isHeldOut(String prompt) {
    return Long.remainderUnsigned(Seeds.mix(Seeds.hash(prompt)), HELD_OUT_EVERY) == 0;
  }

  /** The first n training tasks; prompts may repeat when the world is small. */
  public List<Task> tasks(int n) {
    List<Task> out = new ArrayList<>(requireCount(n));
    for (long i = 0; out.size() < n; i++) {
      Task task = draw(Seeds.random(seed, "train", i));
      if (!isHeldOut(task.prompt())) {
        out.add(task);
      }
    }
    return out;
  }

  /** The first n held-out tasks, with distinct prompts, for evaluation. */
  public List<Task> heldOut(int n) {
    List<Task> out = new ArrayList<>(requireCount(n));
    Set<String> seen = new HashSet<>();
    long limit = (long) DRAWS_PER_PROMPT * Math.max(n, 1);
    for (long i = 0; out.size() < n; i++) {
      if (i == limit) {
        throw new IllegalArgumentException("only " + out.size() + " distinct held-out prompts"
            + " found in " + limit + " draws, " + n + " asked: ask for fewer or allow more"
            + " families or levels");
      }
      Task task = draw(Seeds.random(seed, "held-out", i));
      if (isHeldOut(task.prompt()) && seen.add(task.prompt())) {
        out.add(task);
      }
    }
    return out;
  }

  private Task draw(Random rng) {
    Family family = families.get(rng.nextInt(families.size()));
    int level = TaskGenerator.between(rng, minLevel, maxLevel);
    return TaskGenerator.draw(family, level, rng);
  }

  private static int requireCount(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("task count must be >= 0, got " + n);
    }
    return n;
  }

  public long seed() {
    return seed;
  }

  public List<Family> families() {
    return families;
  }
}
