package dev.tribunal.jobs.stages;

import dev.tribunal.jobs.run.Stage;
import dev.tribunal.jobs.run.StageContext;
import dev.tribunal.jobs.run.StageOutput;
import dev.tribunal.jobs.stages.worker.ModelSession;
import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Row;

/**
 * A stage that runs a model over rows on the executors, in one shape: it says what it reads
 * ({@link #input}, partitioned and sorted), how a batch of its units (rows, or groups of rows)
 * becomes output rows with one model call ({@link #call}), and what it writes; the model, batching
 * and partitioning are its {@link ModelUse}. The partition function is built here, once: the stage
 * itself (a serializable record) is what Spark ships to the executors.
 *
 * @param <U> what one model call takes a batch of
 */
public interface ModelStage<U> extends Stage, Serializable {

  ModelUse use();

  /** The input rows, partitioned and sorted as {@link #units} expects them. */
  Dataset<Row> input(StageContext context);

  /** A partition's rows as the units a batch is made of. */
  Iterator<U> units(Iterator<Row> rows);

  /** One model call's worth of units, turned into output rows. */
  List<Row> call(ModelStep step, ModelSession model, List<U> batch);

  Encoder<Row> encoder();

  @Override
  default String modelVersion() {
    return use().model().modelVersion();
  }

  @Override
  default StageOutput run(StageContext context) {
    ModelStep step = new ModelStep(name(), StageSupport.runId(context), context.iteration(), use().model(),
        use().batch());
    return StageOutput.of(input(context).mapPartitions(function(step), encoder()));
  }

  /** What each task runs over its partition. */
  default MapPartitionsFunction<Row, Row> function(ModelStep step) {
    return new Call<>(this, step);
  }

  /** A model stage whose unit is one row. */
  interface PerRow extends ModelStage<Row> {
    @Override
    default Iterator<Row> units(Iterator<Row> rows) {
      return rows;
    }
  }

  /** The partition function of every model stage: batches of units through the stage's call. */
  record Call<U>(ModelStage<U> stage, ModelStep step) implements MapPartitionsFunction<Row, Row> {
    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      return step.stream(stage.units(rows), (model, batch) -> stage.call(step, model, batch));
    }
  }
}
