package dev.tribunal.jobs.metarewarding;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tribunal.jobs.SparkTestBase;
import dev.tribunal.jobs.config.BattleConfig;
import dev.tribunal.jobs.run.RunDirectory;
import dev.tribunal.jobs.run.Stage;
import dev.tribunal.jobs.run.StageContext;
import dev.tribunal.jobs.run.TableRef;
import dev.tribunal.schemas.RatingRow;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the battle stage records of its fits once their ratings are written. */
class BattleStageSparkTest extends SparkTestBase {
  @TempDir Path dir;

  @BeforeAll
  static void startSpark() {
    start("local[1]");
  }

  @Test
  void fitsStoppedAtTheirCapAreCountedPerResponse() {
    // Response s1's fit hit its cap; s2's converged. Every player of a response carries its fit's outcome.
    List<org.apache.spark.sql.Row> rows = List.of(
        new RatingRow("s1", "p1", 0, "j1", 1100, 2, 2, 5, 100, false).toRow(),
        new RatingRow("s1", "p1", 0, "j2", 900, 2, 0, 1, 100, false).toRow(),
        new RatingRow("s2", "p1", 0, "j3", 1000, 2, 1, 3, 4, true).toRow(),
        new RatingRow("s2", "p1", 0, "j4", 1000, 2, 1, 3, 4, true).toRow());
    BattleStage stage = new BattleStage(new TableRef(0, "judgments"), new TableRef(0, "meta_judgments"),
        new BattleConfig("positional", "per_iteration", 1e-2, true));
    RunDirectory run = new RunDirectory(dir.toString(), "battle", spark.sparkContext().hadoopConfiguration());
    Map<String, Long> counters = stage.review(new StageContext(spark, run, 0),
        new Stage.Written(spark.createDataFrame(rows, RatingRow.SCHEMA), rows.size(), null, null));
    assertEquals(Map.of("fits", 2L, "fits_not_converged", 1L), counters);
  }
}
