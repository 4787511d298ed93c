package dev.tribunal.jobs.cli;

import dev.tribunal.jobs.config.ConfigLoader;
import dev.tribunal.jobs.run.TableRef;
import dev.tribunal.jobs.stages.eval.Metric;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {
        "The embedded end-to-end run: the shipped seed model (models/seed) improves itself on the task world with"
            + " Meta-Rewarding for 2 iterations (the judge trains in the first), in local mode; every model is then"
            + " evaluated on held-out prompts against gold. Prints the evaluation table and where the run's tables are.",
        "Settings: the demo profile (dev/tribunal/jobs/demo.yaml) over the defaults; --config and --set still apply,"
            + " e.g. --set meta_rewarding.meta_judging=false --run-id demo-sr for the Self-Rewarding baseline at the"
            + " same budget."})
final class DemoCommand implements Callable<Integer> {
  static final String PROFILE = "/dev/tribunal/jobs/demo.yaml";

  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    var tree = ConfigLoader.fromSystemEnvironment().tree(PROFILE, common.config, common.allOverrides());
    IterateCommand.run(tree, common, "demo", (s, last) -> {
      int models = s.config.metaRewarding().iterations() + 1;
      Map<String, double[]> rows = new TreeMap<>();
      String[] versions = new String[models];
      for (int m = 0; m < models; m++) {
        for (var r : s.spark.read().parquet(s.run.table(new TableRef(m, Metric.TABLE)).toString()).collectAsList()) {
          Metric metric = Metric.fromRow(r);
          versions[m] = metric.modelVersion();
          rows.computeIfAbsent(metric.section() + "." + metric.metric(), k -> nans(models))[m] = metric.value();
        }
      }
      System.out.print(table(versions, rows));
      System.out.println("run tables: " + s.run.uri() + " (manifest.json, iter=<t>/<table>/; tribunal status --run-id "
          + s.config.run().id() + ")");
    });
    return ExitCodes.OK;
  }

  private static double[] nans(int n) {
    double[] a = new double[n];
    java.util.Arrays.fill(a, Double.NaN);
    return a;
  }

  static String table(String[] versions, Map<String, double[]> rows) {
    StringBuilder b = new StringBuilder("\nevaluation on held-out prompts (gold):\n");
    b.append(String.format(Locale.ROOT, "  %-38s", "metric"));
    for (int m = 0; m < versions.length; m++) b.append(String.format(Locale.ROOT, " %10s", "M" + m));
    b.append('\n');
    rows.forEach((name, values) -> {
      b.append(String.format(Locale.ROOT, "  %-38s", name));
      for (double v : values) b.append(Double.isNaN(v) ? String.format("%11s", "-") : String.format(Locale.ROOT, " %10.3f", v));
      b.append('\n');
    });
    return b.toString();
  }

}
