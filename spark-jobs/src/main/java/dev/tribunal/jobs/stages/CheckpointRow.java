package dev.tribunal.jobs.stages;

import dev.tribunal.jobs.stages.PolicyTrainer.Checkpoint;
import java.util.List;
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
 *
 * @param metrics the trainer's summary, as the checkpoint's lineage records it
 * @param steps the trainer's figures per optimizer step ({@link TrainingSteps}); empty for a model
 *     made without optimizer steps (an EMA anchor) and in tables written before they were kept
 */
public record CheckpointRow(int iteration, String version, String path, String parentVersion,
    String referenceVersion, String trainer, long pairs, Map<String, Double> metrics,
    List<Map<String, Double>> steps) {
  public static final String TABLE = "checkpoints";

  public static final StructType SCHEMA = new StructType()
      .add("iteration", DataTypes.IntegerType, false)
      .add("version", DataTypes.StringType, false)
      .add("path", DataTypes.StringType, false)
      .add("parent_version", DataTypes.StringType, false)
      .add("reference_version", DataTypes.StringType, false)
      .add("trainer", DataTypes.StringType, false)
      .add("pairs", DataTypes.LongType, false)
      .add("metrics", DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType, false), false)
      .add("steps", DataTypes.createArrayType(
          DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType, false), false), false);

  public static final Encoder<Row> ENCODER = Encoders.row(SCHEMA);

  public CheckpointRow {
    metrics = new TreeMap<>(metrics);
    steps = steps.stream().<Map<String, Double>>map(TreeMap::new).toList();
  }

  /** A checkpoint made without optimizer steps. */
  public CheckpointRow(int iteration, String version, String path, String parentVersion, String referenceVersion,
      String trainer, long pairs, Map<String, Double> metrics) {
    this(iteration, version, path, parentVersion, referenceVersion, trainer, pairs, metrics, List.of());
  }

  static CheckpointRow of(PolicyTrainer.Request request, String trainer, Checkpoint trained) {
    return new CheckpointRow(request.iteration(), trained.version(), trained.path(),
        request.policy().modelVersion(), request.reference().modelVersion(), trainer, request.pairs().size(),
        trained.metrics(), trained.steps());
  }

  public Row toRow() {
    return new GenericRowWithSchema(new Object[] {iteration, version, path, parentVersion, referenceVersion,
        trainer, pairs, CollectionConverters.asScala(metrics),
        CollectionConverters.asScala(steps.stream().map(CollectionConverters::asScala).toList()).toSeq()}, SCHEMA);
  }

  public static CheckpointRow fromRow(Row row) {
    return new CheckpointRow(row.getAs("iteration"), row.getAs("version"), row.getAs("path"),
        row.getAs("parent_version"), row.getAs("reference_version"), row.getAs("trainer"), row.getAs("pairs"),
        row.getJavaMap(row.fieldIndex("metrics")), steps(row));
  }

  /** The per-step figures; none in a table written before they were kept. */
  private static List<Map<String, Double>> steps(Row row) {
    if (!java.util.Arrays.asList(row.schema().fieldNames()).contains("steps") || row.isNullAt(row.fieldIndex("steps"))) {
      return List.of();
    }
    List<scala.collection.Map<String, Double>> steps = row.getList(row.fieldIndex("steps"));
    return steps.stream().<Map<String, Double>>map(CollectionConverters::asJava).toList();
  }
}
