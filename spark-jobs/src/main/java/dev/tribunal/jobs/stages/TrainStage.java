package dev.tribunal.jobs.stages;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tribunal.jobs.config.DpoConfig;
import dev.tribunal.jobs.run.ModelStore;
import dev.tribunal.jobs.run.Stage;
import dev.tribunal.jobs.run.StageContext;
import dev.tribunal.jobs.run.StageOutput;
import dev.tribunal.jobs.run.TableRef;
import dev.tribunal.jobs.stages.worker.WorkerSpec;
import dev.tribunal.schemas.PreferencePairRow;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;

/**
 * Training (spec section 1, step 5) on the driver: the pairs with their reference log-probs stream
 * to the driver, the {@link PolicyTrainer} turns M_t into M_{t+1} in a local working directory, the
 * checkpoint is committed to the run's models/iter=t+1 (on whatever file system the run is), and its
 * version and path are committed as iter=t/checkpoints, so a resumed run does not train again.
 */
public record TrainStage(TableRef pairs, WorkerSpec policy, WorkerSpec reference, DpoConfig dpo, PolicyTrainer trainer) implements Stage {
  public static final String NAME = "train";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String table() {
    return CheckpointRow.TABLE;
  }

  @Override
  public List<TableRef> inputs() {
    return List.of(pairs);
  }

  @Override
  public JsonNode config() {
    return StageSupport.config("dpo", dpo, "trainer", trainer.name(), "reference", reference.modelVersion());
  }

  @Override
  public String modelVersion() {
    return policy.modelVersion();
  }

  @Override
  public StageOutput run(StageContext context) {
    List<PreferencePairRow> rows = new ArrayList<>();
    Iterator<Row> it = context.read(pairs).orderBy("pair_id").toLocalIterator();
    it.forEachRemaining(r -> rows.add(PreferencePairRow.fromRow(r)));
    String name = "iter=" + (context.iteration() + 1);
    java.nio.file.Path work = ModelStore.workDir(context.run(), name);
    PolicyTrainer.Request request = new PolicyTrainer.Request(context.iteration(), policy, reference, dpo, rows,
        work.toString());
    PolicyTrainer.Checkpoint trained = trainer.train(request);
    if (trained.version().equals(policy.modelVersion())) {
      throw new IllegalStateException("trainer '" + trainer.name() + "' returned the version it started from ("
          + trained.version() + "); every trained checkpoint needs a new version");
    }
    // The row naming the checkpoint is committed after it, so a reader never finds half of one.
    String committed = ModelStore.commit(context.run(), java.nio.file.Path.of(trained.path()),
        new Path(context.run().path(), "models/" + name));
    Row row = CheckpointRow.of(request, trainer.name(), trained.at(committed)).toRow();
    var table = context.spark().createDataFrame(List.of(row), CheckpointRow.SCHEMA);
    return new StageOutput(table, null, Map.of("pairs", (long) rows.size()));
  }
}
