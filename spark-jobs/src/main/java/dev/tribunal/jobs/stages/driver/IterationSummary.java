package dev.tribunal.jobs.stages.driver;

import static org.apache.spark.sql.functions.col;

import dev.tribunal.jobs.run.TableRef;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What one iteration produced, counted from its committed tables (never from accumulators, which
 * over-count retried tasks): responses and why some were excluded, judgments and their parse
 * failures, the meta-judge's positional bias, pairs by kind and why prompts gave none.
 *
 * @param firstPositionShare share of parsed battles won by the judgment shown first (0.5: unbiased)
 * @param flipRate share of swapped battle pairs (both parsed) whose winning judgment changed with the order
 * @param drops drop reason counts from the pairs stage, "actor_dropped.all_scores_equal" etc.
 */
public record IterationSummary(int iteration, String model, long samples, Map<String, Long> excluded,
    long judgments, long validJudgments, Map<String, Long> parseFailures, long injectionFlagged,
    long metaJudgments, Double firstPositionShare, Double flipRate, Map<String, Long> pairs,
    Map<String, Long> drops, String nextModel) {

  static IterationSummary of(StageExecutor stages, int t, String model, TableRef samples, TableRef judgments,
      Optional<TableRef> metaJudgments, TableRef pairs, Map<String, Long> pairCounters, String nextModel) {
    Dataset<Row> s = stages.read(samples);
    Dataset<Row> j = stages.read(judgments);
    Map<String, Long> excluded = counts(s.filter(col("excluded_reason").isNotNull()), "excluded_reason");
    Map<String, Long> failures = counts(j.filter(col("score").isNull()), "parse_status");
    long metaCount = 0;
    Double first = null;
    Double flip = null;
    if (metaJudgments.isPresent()) {
      Dataset<Row> m = stages.read(metaJudgments.get());
      metaCount = m.count();
      Map<String, Long> winners = counts(m.filter(col("winner").isNotNull()), "winner");
      long decided = winners.values().stream().mapToLong(Long::longValue).sum();
      first = decided == 0 ? null : winners.getOrDefault("A", 0L) / (double) decided;
      flip = flipRate(m);
    }
    Map<String, Long> drops = pairCounters.entrySet().stream().filter(e -> e.getKey().contains("_dropped."))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
    return new IterationSummary(t, model, s.count(), excluded, j.count(), j.filter(col("score").isNotNull()).count(),
        failures, j.filter(col("injection_flag")).count(), metaCount, first, flip, counts(stages.read(pairs), "kind"),
        drops, nextModel);
  }

  /** Battles (a, b) and (b, a) of the same two judgments, both parsed: a flip names the same position twice. */
  private static Double flipRate(Dataset<Row> m) {
    Dataset<Row> decided = m.filter(col("winner").isNotNull());
    Dataset<Row> x = decided.alias("x");
    Dataset<Row> y = decided.alias("y");
    Dataset<Row> twins = x.join(y, col("x.judgment_a_id").equalTo(col("y.judgment_b_id"))
        .and(col("x.judgment_b_id").equalTo(col("y.judgment_a_id")))
        .and(col("x.judgment_a_id").lt(col("x.judgment_b_id"))));
    long pairs = twins.count();
    if (pairs == 0) return null;
    return twins.filter(col("x.winner").equalTo(col("y.winner"))).count() / (double) pairs;
  }

  private static Map<String, Long> counts(Dataset<Row> rows, String column) {
    Map<String, Long> out = new TreeMap<>();
    for (Row r : rows.groupBy(column).count().collectAsList()) out.put(r.getString(0), r.getLong(1));
    return out;
  }

  /** The lines printed at the end of an iteration. */
  public String format() {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "iteration %d: %s -> %s%n", iteration, model, nextModel));
    b.append(String.format(Locale.ROOT, "  samples          %d (excluded %s)%n", samples, excluded));
    b.append(String.format(Locale.ROOT, "  judgments        %d, valid %d, parse failures %s, injection-flagged %d%n",
        judgments, validJudgments, parseFailures, injectionFlagged));
    if (metaJudgments > 0 || firstPositionShare != null) {
      b.append(String.format(Locale.ROOT, "  meta-judgments   %d, first-position wins %s, flip rate %s%n",
          metaJudgments, percent(firstPositionShare), percent(flipRate)));
    } else {
      b.append("  meta-judgments   none (the judge is not trained in this iteration)\n");
    }
    b.append(String.format(Locale.ROOT, "  pairs            %s%n", pairs));
    b.append(String.format(Locale.ROOT, "  dropped          %s%n", drops));
    return b.toString();
  }

  private static String percent(Double share) {
    return share == null ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * share);
  }
}
