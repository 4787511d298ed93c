package dev.tribunal.jobs.config;

import dev.tribunal.jobs.world.Family;
import dev.tribunal.jobs.world.Task;
import dev.tribunal.jobs.world.TaskWorld;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The embedded task world: where training prompts come from (when meta_rewarding.prompts is
 * world) and the fixed held-out sets every model is evaluated on. Its families and levels are
 * those the shipped seed model was built on (tribunal seed reads the same defaults), so the loop
 * starts in the seed's distribution.
 *
 * @param families task families, by name (case-insensitive)
 * @param minLevel easiest difficulty level drawn (1 to {@link Task#MAX_LEVEL})
 * @param maxLevel hardest difficulty level drawn
 * @param prompts training prompts per iteration (distinct prompts; repeats are dropped)
 * @param heldOut held-out prompts answered greedily and graded against gold
 * @param judgeExamples (prompt, response) items with a known gold score, for the judge's Spearman
 * @param metaJudgeExamples responses with a close and a far judgement, each shown in both orders
 * @param trainingStream names the stream training prompts are drawn from, so runs that share the
 *     world (and its held-out sets) still get their own prompts: tribunal nightly names one per
 *     night; empty for the world's own stream
 */
public record WorldConfig(long seed, List<String> families, int minLevel, int maxLevel, int prompts, int heldOut,
    int judgeExamples, int metaJudgeExamples, String trainingStream) implements java.io.Serializable {
  public WorldConfig {
    trainingStream = trainingStream == null ? "" : trainingStream;
    if (families == null || families.isEmpty()) throw new ConfigException("world.families: needs at least one family");
    families = List.copyOf(families);
    familySet(families);
    Check.range("world.min_level", minLevel, 1, Task.MAX_LEVEL);
    Check.range("world.max_level", maxLevel, minLevel, Task.MAX_LEVEL);
    Check.range("world.prompts", prompts, 1, 100_000_000);
    Check.range("world.held_out", heldOut, 1, 1_000_000);
    Check.range("world.judge_examples", judgeExamples, 2, 1_000_000);
    Check.range("world.meta_judge_examples", metaJudgeExamples, 1, 1_000_000);
  }

  /** The world these settings describe. */
  public TaskWorld tasks() {
    return new TaskWorld(seed, familySet(families), minLevel, maxLevel);
  }

  /** The tasks behind iteration t's training prompts: the training stream's draws for that iteration. */
  public List<Task> trainingTasks(int iteration) {
    return tasks().derive(streamName(iteration)).tasks(prompts);
  }

  /** "iteration-t" in the world's own stream (as before streams had names), else "STREAM/iteration-t". */
  public String streamName(int iteration) {
    return (trainingStream.isEmpty() ? "" : trainingStream + "/") + "iteration-" + iteration;
  }

  /** The same tasks by the id of their prompt (the first of a prompt drawn twice), for grading samples. */
  public java.util.Map<String, Task> trainingTasksById(int iteration) {
    java.util.Map<String, Task> out = new java.util.HashMap<>();
    for (Task t : trainingTasks(iteration)) out.putIfAbsent(dev.tribunal.schemas.Ids.promptId(t.prompt()), t);
    return out;
  }

  public Set<Family> familySet() {
    return familySet(families);
  }

  private static Set<Family> familySet(List<String> names) {
    Set<Family> set = EnumSet.noneOf(Family.class);
    for (String name : names) set.add(Check.oneOf("world.families", name, Family.class));
    return set;
  }
}
