package dev.tribunal.jobs.stages;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tribunal.jobs.config.WorldConfig;
import dev.tribunal.jobs.run.Stage;
import dev.tribunal.jobs.run.StageContext;
import dev.tribunal.jobs.run.StageOutput;
import dev.tribunal.jobs.world.Task;
import dev.tribunal.schemas.Ids;
import dev.tribunal.schemas.Message;
import dev.tribunal.schemas.PromptRow;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;

/**
 * Fresh training prompts for iteration t from the task world: each iteration draws from its own
 * stream of the world, from the training split only (held-out prompts never enter the loop). A
 * prompt drawn twice is kept once. Gold answers stay out of the table: inside the loop the
 * model's own judgments are the only signal.
 */
public record WorldPromptsStage(WorldConfig world) implements Stage {
  public static final String NAME = "prompts";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String table() {
    return PromptRow.TABLE;
  }

  @Override
  public JsonNode config() {
    var c = StageSupport.config("world_seed", world.seed(), "families", world.familySet(),
        "levels", world.minLevel() + "-" + world.maxLevel(), "prompts", world.prompts());
    // Only when named, so runs of the world's own stream keep their fingerprints.
    if (!world.trainingStream().isEmpty()) c.put("stream", world.trainingStream());
    return c;
  }

  @Override
  public StageOutput run(StageContext context) {
    List<Task> tasks = world.trainingTasks(context.iteration());
    Set<String> seen = new LinkedHashSet<>();
    List<Row> rows = new ArrayList<>(tasks.size());
    for (Task task : tasks) {
      if (!seen.add(task.prompt())) continue;
      rows.add(new PromptRow(Ids.promptId(task.prompt()), null, List.of(new Message("user", task.prompt())),
          "world:seed=" + world.seed() + ":" + world.streamName(context.iteration()).replace("iteration-", "iteration="), null,
          Map.of("family", task.family().name().toLowerCase(java.util.Locale.ROOT),
              "level", Integer.toString(task.level()))).toRow());
    }
    return StageOutput.of(context.spark().createDataFrame(rows, PromptRow.SCHEMA));
  }
}
