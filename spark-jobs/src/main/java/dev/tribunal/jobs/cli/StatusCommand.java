package dev.tribunal.jobs.cli;

import dev.tribunal.jobs.config.TribunalConfig;
import dev.tribunal.jobs.eval.RunFigures;
import dev.tribunal.jobs.nightly.Lineage;
import dev.tribunal.jobs.run.HadoopConf;
import dev.tribunal.jobs.run.Manifest;
import dev.tribunal.jobs.run.RunDirectory;
import dev.tribunal.jobs.run.StageRecord;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "status", mixinStandardHelpOptions = true,
    description = {"Show a run's stages from its manifest: status, rows, seconds, fingerprint;",
        "then its figures: the latest of each iter=<t>/<name>.json (the latest model's evaluation with win rates and",
        "their 95%% intervals and its training figures; the labeler's, the reward model's or Best-of-N's figures).",
        "With --lineage, a lineage's nights instead (tribunal nightly): status, start and final model, figures."})
final class StatusCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--lineage", paramLabel = "NAME", description = "Show the nights of this lineage under --root.")
  String lineage;

  @Override
  public Integer call() {
    TribunalConfig config = common.load();
    Configuration conf = HadoopConf.current();
    if (lineage != null) {
      System.out.print(new Lineage(config.run().root(), lineage, conf).describe());
      return ExitCodes.OK;
    }
    RunDirectory run = new RunDirectory(config.run().root(), config.run().id(), conf);
    Manifest manifest = run.readManifest();
    System.out.println("run " + run.uri());
    if (manifest.stages().isEmpty()) {
      System.out.println("  no stages yet");
      return ExitCodes.OK;
    }
    System.out.printf("  %-4s %-14s %-10s %10s %10s %8s  %s%n", "iter", "stage", "status", "rows", "rejected", "seconds", "fingerprint");
    for (StageRecord s : manifest.stages()) {
      System.out.printf("  %-4d %-14s %-10s %10s %10s %8s  %s%n", s.iteration(), s.stage(),
          s.status().name().toLowerCase(java.util.Locale.ROOT), orDash(s.rows()), orDash(s.rejectedRows()),
          orDash(s.seconds()), s.fingerprint());
    }
    String figures = RunFigures.print(run);
    if (!figures.isEmpty()) System.out.print("figures\n" + figures.indent(2));
    return ExitCodes.OK;
  }

  private static String orDash(Object v) {
    return v == null ? "-" : v.toString();
  }
}
