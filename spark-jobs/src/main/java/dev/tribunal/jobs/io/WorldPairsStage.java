package dev.tribunal.jobs.io;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tribunal.jobs.config.WorldConfig;
import dev.tribunal.jobs.run.Stage;
import dev.tribunal.jobs.run.StageContext;
import dev.tribunal.jobs.run.StageOutput;
import dev.tribunal.jobs.stages.StageSupport;
import dev.tribunal.jobs.world.WorldPairs;
import dev.tribunal.schemas.CorpusPairRow;

/**
 * A gold-labeled corpus from the task world ({@link WorldPairs}) in place of an imported one: the
 * same table and stage name as a corpus import, so labeling and reward models read it alike.
 */
public record WorldPairsStage(WorldConfig world, int pairs) implements Stage.Named {
  @Override
  public Id id() {
    return PairImportStage.ID;
  }

  @Override
  public JsonNode config() {
    return StageSupport.config("world_seed", world.seed(), "families", world.familySet(),
        "levels", world.minLevel() + "-" + world.maxLevel(), "pairs", pairs);
  }

  @Override
  public StageOutput run(StageContext context) {
    var rows = WorldPairs.of(world.tasks(), pairs).stream().map(CorpusPairRow::toRow).toList();
    return StageOutput.of(context.spark().createDataFrame(rows, CorpusPairRow.SCHEMA));
  }
}
