package dev.tribunal.jobs.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tribunal.jobs.config.ConfigLoader;
import dev.tribunal.jobs.config.TribunalConfig;
import dev.tribunal.jobs.eval.Metric;
import dev.tribunal.jobs.io.PromptLineParser;
import dev.tribunal.jobs.metarewarding.IterationDriver;
import dev.tribunal.jobs.nightly.Lineage;
import dev.tribunal.jobs.nightly.NightRecord;
import dev.tribunal.jobs.run.TableRef;
import dev.tribunal.jobs.stages.PolicyTrainer;
import dev.tribunal.jobs.stages.PolicyTrainers;
import dev.tribunal.jobs.stages.worker.WorkerSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "nightly", mixinStandardHelpOptions = true,
    description = {
        "One night of a lineage of self-improvement runs, for a scheduler to start every night.",
        "The night's run is <root>/<lineage>-<night>. It starts from the lineage's newest model (the final model of"
            + " the newest earlier night that completed; models.checkpoint for the first night), runs"
            + " meta_rewarding.iterations iterations of the loop on the night's prompts, and evaluates the final model"
            + " against the starting model on the held-out world prompts (gold win rate with its 95%% interval).",
        "The lineage's record is <root>/<lineage>/night=<YYYY-MM-DD>.json, one per night (run id, start and final"
            + " model, figures, status); it is printed at the end, and by tribunal status --lineage.",
        "Running a night again resumes it where it stopped, or does nothing once it completed. A lock left by a"
            + " crashed attempt is broken: at once when its process is gone from this host, else once its heartbeat"
            + " has been still for run.lock_stale_after_s (this command watches it meanwhile; a lock whose heartbeat"
            + " moves belongs to a live run and the attempt fails).",
        "Exit codes: 0 ok (or nothing to do), 1 failure, 2 usage or configuration error."})
final class NightlyCommand implements Callable<Integer> {
  @Mixin ConfigOptions options;

  @Option(names = "--root", required = true, paramLabel = "URI",
      description = "Where the lineage's runs and record live: a local path or any Hadoop URI (hdfs://, s3a://, ...).")
  String root;

  @Option(names = "--lineage", required = true, paramLabel = "NAME",
      description = "The lineage: letters, digits, '.', '_' and '-'. Its nights run as NAME-YYYY-MM-DD.")
  String lineage;

  @Option(names = "--night", paramLabel = "YYYY-MM-DD", description = "The night to run. Default: today's date in UTC.")
  String night;

  @Option(names = "--prompts", arity = "1..*", paramLabel = "PATH",
      description = {"The night's training prompts, imported as tribunal import does (JSON Lines or Parquet; any Hadoop URI).",
          "Without it: fresh world prompts, drawn from a stream named after the night, so each night differs."})
  List<String> prompts = new ArrayList<>();

  @Option(names = {"-q", "--quiet"}, description = "No progress line and no configuration dump.")
  boolean quiet;

  @Override
  public Integer call() {
    String name = Lineage.checkName(lineage);
    LocalDate date = Lineage.night(night, Clock.systemUTC());
    CommonOptions common = options(Lineage.runId(name, date), date);
    ObjectNode tree = common.tree();
    TribunalConfig config = ConfigLoader.bind(tree);
    PolicyTrainer trainer = PolicyTrainers.find(config.metaRewarding().dpo().trainer());
    WorkerSpec seed = IterateCommand.seed(config.models());
    try (RunSession s = RunSession.open(tree, config, common, "nightly", System.err, true)) {
      Lineage lin = new Lineage(config.run().root(), name, s.spark.sparkContext().hadoopConfiguration());
      if (lin.night(date).filter(NightRecord::completed).isPresent()) {
        System.out.println("night " + date + " of lineage " + name + " completed before: nothing to do");
      } else {
        runNight(s, lin, date, seed, trainer);
      }
      System.out.print(lin.describe());
    }
    return ExitCodes.OK;
  }

  /** The night's loop between a running record and a completed (or failed) one. */
  private void runNight(RunSession s, Lineage lin, LocalDate date, WorkerSpec seed, PolicyTrainer trainer) {
    int iterations = s.config.metaRewarding().iterations();
    NightRecord record = lin.begin(date, new NightRecord.Model(seed.modelVersion(), checkpoint(seed), null),
        iterations, prompts.isEmpty() ? "world:" + s.config.world().trainingStream() : String.join(",", prompts),
        Instant.now());
    try {
      if (!prompts.isEmpty()) ImportCommand.importPrompts(s, prompts, "auto", PromptLineParser.PROMPT_FIELD, false);
      NightRecord.Model from = record.startModel();
      System.out.println("night " + date + " (run " + s.run.uri() + ", attempt " + record.attempts() + "): starting from "
          + from.version() + (from.fromNight() == null ? ", the lineage's seed" : ", the final model of night " + from.fromNight()));
      IterationDriver driver = new IterationDriver(s.runner, s.config.metaRewarding(), s.config.resolvedRoles(),
          s.config.world(), trainer);
      WorkerSpec last = driver.run(seed.forVersion(from.version(), from.checkpoint()));
      lin.write(record.completed(new NightRecord.Model(last.modelVersion(), checkpoint(last), date.toString()),
          metrics(s, 0), metrics(s, iterations), Instant.now()));
      System.out.println("final model: " + last.modelVersion() + " (" + s.run.uri() + ")");
    } catch (RuntimeException e) {
      lin.write(record.failed(String.valueOf(e.getMessage()).lines().findFirst().orElse(""), Instant.now()));
      throw e;
    }
  }

  /**
   * The configuration of the night: the user's, then what makes it this night (the run, and where
   * its prompts come from), which no --set may change.
   */
  private CommonOptions options(String runId, LocalDate date) {
    CommonOptions c = new CommonOptions();
    c.config = options.config;
    c.verbose = options.verbose;
    c.quiet = quiet;
    c.overrides = new ArrayList<>(options.overrides);
    c.overrides.addAll(List.of("run.root=" + root, "run.id=" + runId));
    c.overrides.addAll(prompts.isEmpty()
        ? List.of("meta_rewarding.prompts=world", "world.training_stream=night-" + date)
        : List.of("meta_rewarding.prompts=imported"));
    return c;
  }

  /** The model's checkpoint: the runtime's, or the one a served model was trained into; null when there is none. */
  private static String checkpoint(WorkerSpec model) {
    if (model instanceof WorkerSpec.Djl djl) return djl.checkpoint();
    return model instanceof WorkerSpec.Http http ? http.checkpoint() : null;
  }

  private static List<Metric> metrics(RunSession s, int iteration) {
    return s.runner.read(new TableRef(iteration, Metric.TABLE)).collectAsList().stream().map(Metric::fromRow).toList();
  }
}
