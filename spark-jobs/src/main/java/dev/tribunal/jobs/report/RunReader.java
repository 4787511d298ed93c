package dev.tribunal.jobs.report;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import dev.tribunal.jobs.bond.BestOfNEvalStage;
import dev.tribunal.jobs.bond.RoundFiguresStage;
import dev.tribunal.jobs.eval.Metric;
import dev.tribunal.jobs.metarewarding.IterationSummary;
import dev.tribunal.jobs.rlaif.DirectScore;
import dev.tribunal.jobs.rlaif.LabelEvalStage;
import dev.tribunal.jobs.rlaif.RewardModelRater;
import dev.tribunal.jobs.rlaif.RewardModelStage;
import dev.tribunal.jobs.run.Manifest;
import dev.tribunal.jobs.run.RunDirectory;
import dev.tribunal.jobs.run.TableRef;
import dev.tribunal.jobs.stages.CheckpointRow;
import dev.tribunal.schemas.JudgmentRow;
import dev.tribunal.schemas.MetaJudgmentRow;
import dev.tribunal.schemas.RatingRow;
import dev.tribunal.schemas.SampleRow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Gathers a run's figures for its report from the manifest and the committed tables it names: the
 * small figure tables whole, the model-output tables (samples, judgments, meta-judgments, ratings)
 * only as aggregates computed by Spark, so a report of a large run moves little to the driver.
 */
public final class RunReader {
  /** Quartiles to within 0.1% of rank: exact enough to draw, cheap on millions of rows. */
  private static final double QUANTILE_ERROR = 0.001;

  private final SparkSession spark;
  private final RunDirectory run;
  private final Manifest manifest;

  public RunReader(SparkSession spark, RunDirectory run) {
    this.spark = spark;
    this.run = run;
    this.manifest = run.readManifest();
  }

  public RunFacts read() {
    List<Metric> labels = new ArrayList<>(metrics(LabelEvalStage.table(LabelEvalStage.PAIRWISE)).values().stream()
        .flatMap(List::stream).toList());
    metrics(LabelEvalStage.table(DirectScore.KIND)).values().forEach(labels::addAll);
    metrics(LabelEvalStage.table(RewardModelRater.KIND)).values().forEach(labels::addAll);
    return new RunFacts(run.path().getName(), run.uri(), manifest, metrics(Metric.TABLE), iterations(),
        checkpoints(CheckpointRow.TABLE), checkpoints(RewardModelStage.TABLE), labels,
        metrics(RoundFiguresStage.ID.table()),
        metrics(BestOfNEvalStage.ID.table()).values().stream().flatMap(List::stream).toList());
  }

  /** The committed tables of that name, by iteration. */
  private SortedMap<Integer, TableRef> tables(String name) {
    SortedMap<Integer, TableRef> out = new TreeMap<>();
    manifest.stages().stream().filter(s -> s.completed() && s.table().equals(name))
        .forEach(s -> out.put(s.iteration(), s.output()));
    return out;
  }

  private Dataset<Row> load(TableRef table) {
    return spark.read().parquet(run.table(table).toString());
  }

  /** A table of figures (the eval schema) by iteration. */
  private SortedMap<Integer, List<Metric>> metrics(String name) {
    SortedMap<Integer, List<Metric>> out = new TreeMap<>();
    tables(name).forEach((t, ref) -> out.put(t, load(ref).orderBy("section", "metric").collectAsList().stream()
        .map(Metric::fromRow).toList()));
    return out;
  }

  private List<CheckpointRow> checkpoints(String name) {
    List<CheckpointRow> out = new ArrayList<>();
    tables(name).values().forEach(ref -> load(ref).collectAsList().forEach(r -> out.add(CheckpointRow.fromRow(r))));
    return out;
  }

  private List<IterationFacts> iterations() {
    SortedMap<Integer, TableRef> samples = tables(SampleRow.TABLE);
    SortedMap<Integer, TableRef> judgments = tables(JudgmentRow.TABLE);
    SortedMap<Integer, TableRef> battles = tables(MetaJudgmentRow.TABLE);
    SortedMap<Integer, TableRef> ratings = tables(RatingRow.TABLE);
    TreeSet<Integer> all = new TreeSet<>(samples.keySet());
    all.addAll(judgments.keySet());
    all.addAll(battles.keySet());
    List<IterationFacts> out = new ArrayList<>();
    for (int t : all) {
      Optional<Dataset<Row>> j = Optional.ofNullable(judgments.get(t)).map(this::load);
      Optional<Dataset<Row>> m = Optional.ofNullable(battles.get(t)).map(this::load);
      out.add(new IterationFacts(t, spread(samples.get(t), "char_count"), j.map(d -> spread(d, "char_count")).orElse(null),
          j.map(RunReader::scores).orElse(null), m.map(IterationSummary::firstPositionShare).orElse(null),
          m.map(IterationSummary::flipRate).orElse(null), spread(ratings.get(t), "rating")));
    }
    return out;
  }

  private Spread spread(TableRef table, String column) {
    return table == null ? null : spread(load(table), column);
  }

  /** Null when the table has no such column or no value in it. */
  static Spread spread(Dataset<Row> rows, String column) {
    if (!Arrays.asList(rows.columns()).contains(column)) return null;
    Dataset<Row> values = rows.filter(col(column).isNotNull()).select(col(column).cast("double").as("v"));
    Row r = values.agg(count("v"), avg("v"), min("v"), max("v")).first();
    if (r.getLong(0) == 0) return null;
    double[] q = values.stat().approxQuantile("v", new double[] {0.25, 0.5, 0.75}, QUANTILE_ERROR);
    return new Spread(r.getLong(0), r.getDouble(1), r.getDouble(2), q[0], q[1], q[2], r.getDouble(3));
  }

  /** Judgments by parsed score; those without one (a parse failure) under {@link IterationFacts#NO_SCORE}. */
  static Map<String, Long> scores(Dataset<Row> judgments) {
    Map<String, Long> out = new TreeMap<>();
    for (Row r : judgments.groupBy("score").count().collectAsList()) {
      out.put(r.isNullAt(0) ? IterationFacts.NO_SCORE : r.get(0).toString(), r.getLong(1));
    }
    return out;
  }
}
