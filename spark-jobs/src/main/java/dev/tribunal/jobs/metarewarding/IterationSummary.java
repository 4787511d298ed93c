package dev.tribunal.jobs.metarewarding;

import dev.tribunal.jobs.run.StageRunner;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.tribunal.jobs.eval.OnPolicyGold;
import dev.tribunal.jobs.run.TableRef;
import dev.tribunal.jobs.stages.EvaluateStage;
import dev.tribunal.jobs.eval.Metric;
import dev.tribunal.jobs.eval.TrainingPairsGold;
import java.util.List;
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
 * failures, the meta-judge's positional and score bias, the lengths that drift, pairs by kind and
 * why prompts gave none.
 *
 * @param sampleChars mean length of the responses in characters (the actor's length drift)
 * @param judgmentChars mean length of the judgments in characters (the judge's length drift)
 * @param metaParseFailures meta-judgments without a winner, by parse status (context_overflow among them)
 * @param firstPositionShare share of parsed battles won by the judgment shown first (0.5: unbiased)
 * @param flipRate share of swapped battle pairs (both parsed) whose winning judgment changed with the order
 * @param higherScoreShare share of parsed battles between judgments of different scores won by the
 *     higher score: the meta-judge's score bias, which judge training passes on to the judge
 * @param drops drop reason counts from the pairs stage, "actor_dropped.all_scores_equal" etc.
 * @param gold the figures graded against gold after the fact (sections on_policy, training_pairs
 *     and training of M_{t+1}'s evaluation), by "section.metric"; empty where prompts were imported
 */
public record IterationSummary(int iteration, String model, long samples, Double sampleChars,
    Map<String, Long> excluded, long judgments, long validJudgments, Double judgmentChars,
    Map<String, Long> parseFailures, long injectionFlagged, long metaJudgments, Map<String, Long> metaParseFailures,
    Double firstPositionShare,
    Double flipRate, Double higherScoreShare, Map<String, Long> pairs, Map<String, Long> drops, String nextModel,
    Map<String, Double> gold) {

  static IterationSummary of(StageRunner stages, int t, String model, TableRef samples, TableRef judgments,
      Optional<TableRef> metaJudgments, TableRef pairs, Map<String, Long> pairCounters, String nextModel,
      List<Metric> figures) {
    Dataset<Row> s = stages.read(samples);
    Dataset<Row> j = stages.read(judgments);
    Map<String, Long> excluded = counts(s.filter(col("excluded_reason").isNotNull()), "excluded_reason");
    Map<String, Long> failures = counts(j.filter(col("score").isNull()), "parse_status");
    long metaCount = 0;
    Map<String, Long> metaFailures = Map.of();
    Double first = null;
    Double flip = null;
    Double higherScore = null;
    if (metaJudgments.isPresent()) {
      Dataset<Row> m = stages.read(metaJudgments.get());
      metaCount = m.count();
      metaFailures = counts(m.filter(col("winner").isNull()), "parse_status");
      first = firstPositionShare(m);
      flip = flipRate(m);
      higherScore = higherScoreShare(m, j);
    }
    Map<String, Long> drops = pairCounters.entrySet().stream().filter(e -> e.getKey().contains("_dropped."))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
    return new IterationSummary(t, model, s.count(), meanChars(s), excluded, j.count(),
        j.filter(col("score").isNotNull()).count(), meanChars(j), failures, j.filter(col("injection_flag")).count(),
        metaCount, metaFailures, first, flip, higherScore, counts(stages.read(pairs), "kind"), drops, nextModel, goldFigures(figures));
  }

  private static Map<String, Double> goldFigures(List<Metric> figures) {
    Map<String, Double> out = new TreeMap<>();
    for (Metric m : figures) {
      if (List.of(OnPolicyGold.SECTION, TrainingPairsGold.SECTION, EvaluateStage.TRAINING_SECTION).contains(m.section())) {
        out.put(m.section() + "." + m.metric(), m.value());
      }
    }
    return out;
  }

  /**
   * Parsed battles (judgment_a_id, judgment_b_id, winner) between judgments (judgment_id, score) of
   * different scores: the share won by the higher score. Null when there is no such battle.
   */
  static Double higherScoreShare(Dataset<Row> metaJudgments, Dataset<Row> judgments) {
    Dataset<Row> a = judgments.select(col("judgment_id").as("a_id"), col("score").as("a_score"));
    Dataset<Row> b = judgments.select(col("judgment_id").as("b_id"), col("score").as("b_score"));
    var higherWins = col("winner").equalTo("A").and(col("a_score").gt(col("b_score")))
        .or(col("winner").equalTo("B").and(col("b_score").gt(col("a_score"))));
    Row r = metaJudgments.filter(col("winner").isNotNull())
        .join(a, col("judgment_a_id").equalTo(col("a_id")))
        .join(b, col("judgment_b_id").equalTo(col("b_id")))
        .filter(col("a_score").notEqual(col("b_score")))
        .agg(count("*"), sum(when(higherWins, 1).otherwise(0))).first();
    long n = r.getLong(0);
    return n == 0 ? null : r.getLong(1) / (double) n;
  }

  private static Double meanChars(Dataset<Row> rows) {
    Row r = rows.agg(avg("char_count")).first();
    return r.isNullAt(0) ? null : r.getDouble(0);
  }

  /** Share of the parsed meta-judgments (winner, A or B) won by the judgment shown first; null when none parsed. */
  public static Double firstPositionShare(Dataset<Row> metaJudgments) {
    Map<String, Long> winners = counts(metaJudgments.filter(col("winner").isNotNull()), "winner");
    long decided = winners.values().stream().mapToLong(Long::longValue).sum();
    return decided == 0 ? null : winners.getOrDefault("A", 0L) / (double) decided;
  }

  /**
   * Battles (a, b) and (b, a) of the same two judgments, both parsed: a flip names the same position
   * twice. Null when no battle has its swapped twin parsed.
   */
  public static Double flipRate(Dataset<Row> m) {
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
    b.append(String.format(Locale.ROOT, "  samples          %d, mean %s chars (excluded %s)%n", samples,
        decimal(sampleChars), excluded));
    b.append(String.format(Locale.ROOT, "  judgments        %d, valid %d, mean %s chars, parse failures %s, injection-flagged %d%n",
        judgments, validJudgments, decimal(judgmentChars), parseFailures, injectionFlagged));
    if (metaJudgments > 0 || firstPositionShare != null) {
      b.append(String.format(Locale.ROOT, "  meta-judgments   %d, parse failures %s, first-position wins %s, flip rate %s,"
          + " higher-score wins %s%n", metaJudgments, metaParseFailures, percent(firstPositionShare), percent(flipRate),
          percent(higherScoreShare)));
    } else {
      b.append("  meta-judgments   none (the judge is not trained in this iteration)\n");
    }
    b.append(String.format(Locale.ROOT, "  pairs            %s%n", pairs));
    b.append(String.format(Locale.ROOT, "  dropped          %s%n", drops));
    b.append(String.format(Locale.ROOT, "  DPO              %s pairs, %s steps, epoch-1 reward accuracy %s, margin %s%n",
        number(gold.get("training.pairs")), number(gold.get("training.steps")),
        percent(gold.get("training.dpo_epoch1_accuracy")), decimal3(gold.get("training.dpo_epoch1_margin"))));
    if (gold.containsKey("on_policy.actor_exact_rate")) {
      b.append(String.format(Locale.ROOT, "  against gold, after the fact (on the actor's own samples):%n"));
      b.append(String.format(Locale.ROOT, "    actor exact     %s of samples%n", percent(gold.get("on_policy.actor_exact_rate"))));
      b.append(String.format(Locale.ROOT, "    judge           pairwise accuracy %s (ties %s), Spearman %s, mean score %s (gold %s)%n",
          percent(gold.get("on_policy.judge_pairwise_accuracy")), percent(gold.get("on_policy.judge_pairwise_tie_share")),
          decimal3(gold.get("on_policy.judge_spearman")), decimal(gold.get("on_policy.judge_mean_score")),
          decimal(gold.get("on_policy.gold_mean_score"))));
      b.append("    per family      ").append(perFamily()).append('\n');
      b.append(String.format(Locale.ROOT, "    meta-judge      accuracy on its battles %s%n",
          percent(gold.get("on_policy.meta_judge_accuracy"))));
      b.append(String.format(Locale.ROOT, "    pairs           actor pairs gold agrees with %s, judge pairs %s%n",
          percent(gold.get("training_pairs.actor_gold_agreement")), percent(gold.get("training_pairs.judge_gold_agreement"))));
      Double top = gold.get("on_policy.judge_top_score_share");
      if (top != null && top > OnPolicyGold.COLLAPSE_SHARE) {
        b.append(String.format(Locale.ROOT, "  WARNING: the judge's scores collapsed: one score is %s of its verdicts%n", percent(top)));
      }
    }
    return b.toString();
  }

  private static String decimal(Double value) {
    return value == null ? "-" : String.format(Locale.ROOT, "%.1f", value);
  }

  /** The judge's pairwise accuracy per task family, e.g. "add 71.0%, max 80.5%". */
  private String perFamily() {
    String prefix = OnPolicyGold.SECTION + ".judge_pairwise.";
    return gold.entrySet().stream()
        .filter(e -> e.getKey().startsWith(prefix) && e.getKey().endsWith("_accuracy"))
        .map(e -> e.getKey().substring(prefix.length(), e.getKey().length() - "_accuracy".length()) + " " + percent(e.getValue()))
        .collect(Collectors.joining(", "));
  }

  private static String decimal3(Double value) {
    return value == null ? "-" : String.format(Locale.ROOT, "%.3f", value);
  }

  private static String number(Double value) {
    return value == null ? "-" : String.format(Locale.ROOT, "%.0f", value);
  }

  private static String percent(Double share) {
    return share == null ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * share);
  }
}
