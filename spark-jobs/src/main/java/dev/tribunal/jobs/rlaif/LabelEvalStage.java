package dev.tribunal.jobs.rlaif;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.stddev_samp;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tribunal.jobs.eval.Metric;
import dev.tribunal.jobs.run.Stage;
import dev.tribunal.jobs.run.StageContext;
import dev.tribunal.jobs.run.StageOutput;
import dev.tribunal.jobs.run.TableRef;
import dev.tribunal.jobs.stages.StageSupport;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The labeler's figures (spec 2.7), one metric row each in iter=0/label_eval (a rater's rewards:
 * iter=0/KIND_eval, a pair's preference read from its two rewards): coverage and missing
 * labels by reason, the position-bias rate, and the alignment with the human labels (argmax of
 * the AI label against argmax of the human one, on pairs where the human label is not even; an
 * even AI label counts one half) with its 95% interval. Aggregated by Spark: corpora are large.
 */
public record LabelEvalStage(TableRef labels, TableRef corpus, String modelVersion, String kind) implements Stage {
  /** The kind of the pairwise labeler's figures; a rater's figures go by the rater's kind. */
  public static final String PAIRWISE = "labeler";

  /** The figures' table: label_eval for the pairwise labeler, KIND_eval for a rater's rewards. */
  public static String table(String kind) {
    return kind.equals(PAIRWISE) ? "label_eval" : kind + "_eval";
  }

  @Override
  public String name() {
    return table(kind).replace('_', '-');
  }

  @Override
  public String table() {
    return table(kind);
  }

  @Override
  public List<TableRef> inputs() {
    return List.of(labels, corpus);
  }

  @Override
  public JsonNode config() {
    return StageSupport.config("alignment", "argmax against human labels that are not 0.5; an even AI label counts 1/2");
  }

  @Override
  public String modelVersion() {
    return modelVersion;
  }

  @Override
  public StageOutput run(StageContext context) {
    Dataset<Row> ai = kind.equals(PAIRWISE) ? context.read(labels) : preferences(context.read(labels));
    Dataset<Row> joined = ai.join(
        context.read(corpus).select(col("pair_id"), col("label").as("human")), "pair_id");
    Row r = joined.agg(count(lit(1)), count(col("label")), avg(col("position_bias").cast("double")),
        count(col("position_bias")), count(col("human")), avg(alignment()), stddev_samp(alignment()),
        count(alignment()), avg(abs(col("label").minus(col("human"))))).first();
    List<Metric> out = new ArrayList<>();
    long pairs = r.getLong(0);
    add(out, "pairs", pairs, pairs);
    add(out, "coverage", ratio(r.getLong(1), pairs), pairs);
    for (Row m : joined.groupBy("missing_reason").count().collectAsList()) {
      if (!m.isNullAt(0)) add(out, "missing." + m.getString(0), ratio(m.getLong(1), pairs), m.getLong(1));
    }
    add(out, "position_bias_rate", orNaN(r, 2), r.getLong(3));
    add(out, "human_labeled", r.getLong(4), r.getLong(4));
    interval(out, orNaN(r, 5), orNaN(r, 6), r.getLong(7));
    add(out, "mean_abs_difference", orNaN(r, 8), r.getLong(7));
    // One partition, so the table reads back in the order the figures were added.
    return StageOutput.of(context.spark().createDataFrame(out.stream().map(Metric::toRow).toList(), Metric.SCHEMA).coalesce(1));
  }

  /**
   * Direct ratings as preferences: a over b when a's reward is higher (1), lower (0) or equal
   * (1/2); missing when either reward is. Position bias does not apply: each response is rated alone.
   */
  static Dataset<Row> preferences(Dataset<Row> rewards) {
    Dataset<Row> a = side(rewards, "a");
    Dataset<Row> b = side(rewards, "b");
    Column label = when(col("r_a").isNull().or(col("r_b").isNull()), lit(null).cast("double"))
        .when(col("r_a").gt(col("r_b")), 1.0).when(col("r_a").lt(col("r_b")), 0.0).otherwise(0.5);
    return a.join(b, "pair_id").select(col("pair_id"), label.as("label"), lit(null).cast("boolean").as("position_bias"),
        coalesce(col("m_a"), col("m_b")).as("missing_reason"));
  }

  private static Dataset<Row> side(Dataset<Row> rewards, String side) {
    return rewards.filter(col("response_id").endsWith("/" + side)).select(col("group_id").as("pair_id"),
        col("reward").as("r_" + side), col("missing_reason").as("m_" + side));
  }

  /** 1 when both prefer the same response, 1/2 for an even AI label, 0 otherwise; null where not comparable. */
  static Column alignment() {
    Column comparable = col("label").isNotNull().and(col("human").isNotNull()).and(col("human").notEqual(0.5));
    Column same = col("label").gt(0.5).equalTo(col("human").gt(0.5));
    return when(comparable, when(col("label").equalTo(0.5), 0.5).when(same, 1.0).otherwise(0.0));
  }

  /** The mean ± 1.96 standard errors, clipped to [0, 1]. */
  private void interval(List<Metric> out, double mean, double sd, long n) {
    add(out, "alignment", mean, n);
    if (n < 2 || Double.isNaN(sd)) return;
    double se = sd / Math.sqrt(n);
    add(out, "alignment_low", Math.max(0, mean - 1.96 * se), n);
    add(out, "alignment_high", Math.min(1, mean + 1.96 * se), n);
  }

  private void add(List<Metric> out, String metric, double value, long count) {
    if (Double.isFinite(value)) out.add(new Metric(0, modelVersion, kind, metric, value, count));
  }

  private static double ratio(long part, long whole) {
    return whole == 0 ? Double.NaN : (double) part / whole;
  }

  private static double orNaN(Row r, int i) {
    return r.isNullAt(i) ? Double.NaN : r.getDouble(i);
  }
}
