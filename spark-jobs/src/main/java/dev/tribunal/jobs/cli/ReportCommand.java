package dev.tribunal.jobs.cli;

import dev.tribunal.jobs.config.TribunalConfig;
import dev.tribunal.jobs.report.RunReports;
import dev.tribunal.jobs.run.RunDirectory;
import dev.tribunal.jobs.spark.Sessions;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "report", mixinStandardHelpOptions = true,
    description = {
        "Write a run's report: <root>/<run_id>/report.html, one self-contained page of charts (no network needed to"
            + " view it), and report.json with the same figures.",
        "Charts of what the run has: held-out gold win rate (vs M_0 and vs the previous model) and exact rate per"
            + " model with 95%% intervals; response and judgment length, judge score distribution, meta-judge"
            + " first-position share and flip rate, battle rating spread per iteration; training loss, reward"
            + " accuracy and margin per optimizer step; RLAIF alignment, position bias and coverage; BOND's reward,"
            + " gold and KL per round and Best-of-n by n; stage timings from the manifest.",
        "iterate, demo, label, reward-model, best-of-n and bond write it when they finish; this command rewrites it"
            + " from the run's tables at any time, also while the run is still going."})
final class ReportCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    TribunalConfig config = common.load();
    RunDirectory probe = new RunDirectory(config.run().root(), config.run().id(), new Configuration());
    if (probe.readManifest().stages().isEmpty()) {
      throw new IllegalArgumentException("no run '" + config.run().id() + "' under " + config.run().root() + " ("
          + probe.uri() + " has no manifest.json with stages); check --root and --run-id");
    }
    SparkSession spark = Sessions.create(config.spark(), "tribunal report");
    try {
      RunDirectory run = new RunDirectory(config.run().root(), config.run().id(), spark.sparkContext().hadoopConfiguration());
      System.out.println("report: " + RunReports.write(spark, run));
      return ExitCodes.OK;
    } finally {
      spark.stop();
    }
  }
}
