package dev.tribunal.jobs.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options every command that touches a run takes: the configuration's, and the run's. */
public final class CommonOptions extends ConfigOptions {
  @Option(names = "--root", paramLabel = "URI",
      description = "Where runs live: a local path or a Hadoop URI (file://, hdfs://, s3a://). Same as --set run.root=URI.")
  String root;

  @Option(names = "--run-id", paramLabel = "ID", description = "The run to use. Same as --set run.id=ID.")
  String runId;

  @Option(names = "--redo", paramLabel = "STAGE",
      description = "Recompute this completed stage and drop everything downstream of it (repeatable).")
  List<String> redo = new ArrayList<>();

  @Option(names = {"-q", "--quiet"}, description = "No progress line and no configuration dump.")
  boolean quiet;

  /** --root and --run-id are shorthands, applied before explicit --set overrides. */
  @Override
  List<String> allOverrides() {
    List<String> all = new ArrayList<>();
    if (root != null) all.add("run.root=" + root);
    if (runId != null) all.add("run.id=" + runId);
    all.addAll(overrides);
    return all;
  }
}
