package dev.tribunal.jobs.stages;

import dev.tribunal.jobs.stages.PolicyTrainer.Checkpoint;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The model an iteration trained: iter=t/checkpoints holds M_{t+1}. Committed like any table, so a
 * resumed run finds M_{t+1} without training again.
 */
public record CheckpointRow(int iteration, String version, String path, String parentVersion,
    String referenceVersion, String trainer, long pairs, Map<String, Double> metrics) {
  public static final String TABLE = "checkpoints";

  public static final StructType SCHEMA = new StructType()
      .add("iteration", DataTypes.IntegerType, false)
      .add("version", DataTypes.StringType, false)
      .add("path", DataTypes.StringType, false)
      .add("parent_version", DataTypes.StringType, false)
      .add("reference_version", DataTypes.StringType, false)
      .add("trainer", DataTypes.StringType, false)
      .add("pairs", DataTypes.LongType, false)
      .add("metrics", DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType, false), false);

  public static final Encoder<Row> ENCODER = Encoders.row(SCHEMA);

  public CheckpointRow {
    metrics = new TreeMap<>(metrics);
  }

  static CheckpointRow of(PolicyTrainer.Request request, String trainer, Checkpoint trained) {
    return new CheckpointRow(request.iteration(), trained.version(), trained.path(),
        request.policy().modelVersion(), request.reference().modelVersion(), trainer, request.pairs().size(),
        trained.metrics());
  }

  public Row toRow() {
    return new GenericRowWithSchema(new Object[] {iteration, version, path, parentVersion, referenceVersion,
        trainer, pairs, CollectionConverters.asScala(metrics)}, SCHEMA);
  }

  public static CheckpointRow fromRow(Row row) {
    return new CheckpointRow(row.getAs("iteration"), row.getAs("version"), row.getAs("path"),
        row.getAs("parent_version"), row.getAs("reference_version"), row.getAs("trainer"), row.getAs("pairs"),
        row.getJavaMap(row.fieldIndex("metrics")));
  }
}
