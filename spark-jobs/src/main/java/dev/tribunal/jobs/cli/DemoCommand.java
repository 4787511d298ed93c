package dev.tribunal.jobs.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tribunal.jobs.config.ConfigLoader;
import dev.tribunal.jobs.config.RunConfig;
import dev.tribunal.jobs.eval.Metric;
import dev.tribunal.jobs.io.TableExport;
import dev.tribunal.jobs.run.RunDirectory;
import dev.tribunal.jobs.run.TableRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {
        "The embedded end-to-end run: the shipped seed model (models/seed) runs the self-improvement loop on the task world for 2"
            + " iterations, in local mode, three ways at the same budget: Meta-Rewarding (run id ID), the"
            + " Self-Rewarding baseline (ID-sr: no meta-judge, the judge never trained) and the gold-judge ceiling"
            + " (ID-gold: the world's gold grader picks the pairs, what DPO on this data can do at best). Every model"
            + " is evaluated on held-out prompts against gold; the comparison is printed at the end.",
        "Settings: the demo profile (dev/tribunal/jobs/demo.yaml) over the defaults; --config and --set apply to"
            + " every variant."})
final class DemoCommand implements Callable<Integer> {
  static final String PROFILE = "/dev/tribunal/jobs/demo.yaml";

  /** The three ways the demo runs the loop: run id suffix and the settings laid under the user's. */
  enum Variant {
    META_REWARDING("meta-rewarding", "", List.of()),
    SELF_REWARDING("self-rewarding", "-sr", List.of("meta_rewarding.meta_judging=false")),
    GOLD_JUDGE("gold judge", "-gold", List.of("meta_rewarding.meta_judging=false", "meta_rewarding.feedback=gold"));

    final String label;
    final String suffix;
    final List<String> settings;

    Variant(String label, String suffix, List<String> settings) {
      this.label = label;
      this.suffix = suffix;
      this.settings = settings;
    }
  }

  /** The rows of the final comparison, in order. */
  static final List<String> ROWS = List.of("actor.exact_rate", "actor.mean_gold_score", "actor.gold_win_rate_vs_seed",
      "actor.gold_win_rate_vs_seed_ci_low", "actor.gold_win_rate_vs_seed_ci_high", "actor.sign_test_p_vs_seed",
      "actor.mean_length_chars", "on_policy.actor_exact_rate", "on_policy.judge_pairwise_accuracy",
      "on_policy.judge_pairwise_tie_share", "on_policy.judge_spearman", "on_policy.judge_top_score_share",
      "on_policy.meta_judge_accuracy", "training_pairs.actor_gold_agreement", "training_pairs.judge_gold_agreement",
      "training.pairs", "training.dpo_epoch1_accuracy", "training.dpo_epoch1_margin", "judge.spearman",
      "meta_judge.accuracy");

  @Mixin CommonOptions common;

  @Option(names = "--variants", split = ",", paramLabel = "VARIANT",
      description = "Which loops to run: meta_rewarding, self_rewarding, gold_judge. Default: all three.")
  List<Variant> variants = List.of(Variant.values());

  @Override
  public Integer call() {
    ConfigLoader loader = ConfigLoader.fromSystemEnvironment();
    String base = loader.tree(PROFILE, common.config, common.allOverrides()).path("run").path("id").asText();
    Map<Variant, List<Map<String, Double>>> results = new LinkedHashMap<>();
    for (Variant v : variants) {
      List<String> overrides = new ArrayList<>(v.settings);
      overrides.addAll(common.allOverrides());
      overrides.add("run.id=" + base + v.suffix);
      ObjectNode tree = loader.tree(PROFILE, common.config, overrides);
      System.out.println("== " + v.label + " (run " + base + v.suffix + ")");
      long start = System.nanoTime();
      IterateCommand.run(tree, common, "demo", (s, last) -> {
        int models = s.config.metaRewarding().iterations() + 1;
        List<Map<String, Double>> byModel = new ArrayList<>();
        for (int m = 0; m < models; m++) {
          Map<String, Double> figures = new LinkedHashMap<>();
          for (var r : s.spark.read().parquet(s.run.table(new TableRef(m, Metric.TABLE)).toString()).collectAsList()) {
            Metric metric = Metric.fromRow(r);
            figures.put(metric.section() + "." + metric.metric(), metric.value());
          }
          byModel.add(figures);
        }
        results.put(v, byModel);
        System.out.println("run tables: " + s.run.uri() + " (tribunal status --run-id " + s.config.run().id() + ")");
        if (v == Variant.META_REWARDING) exportForNotebooks(s.spark, s.run, s.config.run());
      });
      System.out.printf(Locale.ROOT, "== %s took %.0f s%n", v.label, (System.nanoTime() - start) / 1e9);
    }
    System.out.print(table(results));
    return ExitCodes.OK;
  }

  /**
   * The Meta-Rewarding run's tables as JSON Lines in {@code <root>/<run id>-tables}, where notebooks/ look
   * by default (runs/demo-tables), so they open the demo without a further command.
   */
  private static void exportForNotebooks(SparkSession spark, RunDirectory run, RunConfig config) {
    String to = new org.apache.hadoop.fs.Path(config.root(), config.id() + "-tables").toString();
    TableExport.write(spark, run, TableExport.committed(run), TableExport.Format.JSONL, to);
    System.out.println("run tables as JSON Lines, for notebooks/: " + to);
  }

  /** One column per model of each variant; "-" where a figure does not exist (M_0 has no win rate). */
  static String table(Map<Variant, List<Map<String, Double>>> results) {
    StringBuilder b = new StringBuilder("\nheld-out prompts graded against gold; on_policy, training_pairs and training"
        + " describe the iteration that made the model (M_s: the samples and judgments of iteration s-1):\n");
    b.append(String.format(Locale.ROOT, "  %-36s", ""));
    results.forEach((v, models) -> b.append(String.format(Locale.ROOT, " | %-" + (8 * models.size() - 1) + "s", v.label)));
    b.append('\n').append(String.format(Locale.ROOT, "  %-36s", "metric"));
    results.forEach((v, models) -> {
      b.append(" |");
      for (int m = 0; m < models.size(); m++) b.append(String.format(Locale.ROOT, " %7s", "M" + m));
    });
    b.append('\n');
    for (String row : ROWS) {
      if (results.values().stream().flatMap(List::stream).noneMatch(f -> f.containsKey(row))) continue;
      b.append(String.format(Locale.ROOT, "  %-36s", row));
      results.forEach((v, models) -> {
        b.append(" |");
        for (Map<String, Double> f : models) {
          Double x = f.get(row);
          b.append(x == null ? String.format("%8s", "-") : String.format(Locale.ROOT, " %7.3f", x));
        }
      });
      b.append('\n');
    }
    return b.toString();
  }
}
