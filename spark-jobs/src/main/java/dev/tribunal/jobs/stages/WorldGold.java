package dev.tribunal.jobs.stages;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tribunal.jobs.config.WorldConfig;
import dev.tribunal.jobs.run.StageContext;
import dev.tribunal.jobs.world.GoldGrade;
import dev.tribunal.jobs.world.GoldGrader;
import dev.tribunal.jobs.world.Task;
import dev.tribunal.schemas.SampleRow;
import java.io.Serializable;
import java.util.Map;

/**
 * The world's gold for one iteration's samples: the task behind each training prompt (by prompt
 * id) and the grade it gives a response. Every stage that grades samples (gold as the reward or as
 * the judge, the recorded grades, the Best-of-N and BOND figures) looks its tasks up here, so a
 * prompt that is not one of the world's fails the same way everywhere, naming the sample and what
 * needed its gold. Serializable: the executors grade with it.
 *
 * @param tasks the iteration's tasks by the id of their prompt
 */
public record WorldGold(Map<String, Task> tasks, int iteration) implements Serializable {
  /** The model version of what gold writes in place of a model (rewards, judgments, grades). */
  public static final String VERSION = "gold";

  /** The gold of the iteration the stage runs in. */
  public static WorldGold of(WorldConfig world, StageContext context) {
    return new WorldGold(world.trainingTasksById(context.iteration()), context.iteration());
  }

  /**
   * The configuration slice of a stage whose feedback is gold: what the gold stands in for (e.g.
   * "reward", "feedback"), and the world that draws the prompts.
   */
  public static ObjectNode config(String standsFor, WorldConfig world) {
    return StageSupport.config(standsFor, VERSION, "world_seed", world.seed(), "prompts", world.prompts());
  }

  /** The task behind a sample's prompt; {@code needs}: what fails without it ("gold grades"). */
  public Task taskOf(SampleRow sample, String needs) {
    return taskOf(sample.promptId(), sample.sampleId(), needs);
  }

  /** The same for a sample known by its ids. */
  public Task taskOf(String promptId, String sampleId, String needs) {
    Task task = tasks.get(promptId);
    if (task == null) {
      throw new IllegalStateException("prompt " + promptId + " of sample " + sampleId
          + " is not a task of the world's iteration " + iteration + ": " + needs + " world prompts only");
    }
    return task;
  }

  /** A sample's gold grade. */
  public GoldGrade grade(SampleRow sample, String needs) {
    return GoldGrader.grade(taskOf(sample, needs), sample.response());
  }

  /** The gold grade of a response to the prompt of a sample known by its ids. */
  public GoldGrade grade(String promptId, String sampleId, String response, String needs) {
    return GoldGrader.grade(taskOf(promptId, sampleId, needs), response);
  }
}
