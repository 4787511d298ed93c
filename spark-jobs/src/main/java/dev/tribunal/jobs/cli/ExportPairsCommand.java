package dev.tribunal.jobs.cli;

import dev.tribunal.jobs.config.ConfigException;
import dev.tribunal.jobs.config.TribunalConfig;
import dev.tribunal.jobs.io.TextFiles;
import dev.tribunal.jobs.io.TrlExport;
import dev.tribunal.jobs.run.RunDirectory;
import dev.tribunal.jobs.run.StageContext;
import dev.tribunal.jobs.run.TableRef;
import dev.tribunal.jobs.spark.Sessions;
import dev.tribunal.schemas.AiLabelRow;
import dev.tribunal.schemas.CorpusPairRow;
import dev.tribunal.schemas.PreferencePairRow;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "export-pairs", mixinStandardHelpOptions = true,
    description = {
        "Write a run's preference pairs as TRL preference data (JSON Lines: id, prompt, chosen, rejected), for TRL's"
            + " DPO and reward trainers and for import-pairs --format trl.",
        "  ai-labels  iter=0/" + AiLabelRow.TABLE + " over iter=0/" + CorpusPairRow.TABLE + " (tribunal label): chosen"
            + " is the response the AI label prefers, with soft_label = P(chosen preferred); pairs whose label is"
            + " missing or exactly 0.5 are left out and counted.",
        "  loop       iter=<t>/" + PreferencePairRow.TABLE + " of the Meta-Rewarding loop (--iteration), with kind"
            + " actor or judge.",
        "Reads committed tables only and takes no lock, so it can run beside a running job."})
final class ExportPairsCommand implements Callable<Integer> {
  enum Source { AI_LABELS, LOOP }

  @Mixin CommonOptions common;

  @Option(names = "--from", required = true, paramLabel = "SOURCE", converter = SourceConverter.class,
      description = "ai-labels or loop.")
  Source from;

  @Option(names = "--iteration", defaultValue = "0", paramLabel = "T", description = "The loop's iteration. Default: ${DEFAULT-VALUE}.")
  int iteration;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "The JSON Lines file to write (any Hadoop URI); replaced whole.")
  String out;

  @Override
  public Integer call() {
    TribunalConfig config = common.load();
    SparkSession spark = Sessions.create(config.spark(), "tribunal export-pairs");
    try {
      RunDirectory run = new RunDirectory(config.run().root(), config.run().id(), spark.sparkContext().hadoopConfiguration());
      Dataset<String> lines = switch (from) {
        case AI_LABELS -> TrlExport.aiLabels(read(spark, run, new TableRef(0, CorpusPairRow.TABLE)),
            read(spark, run, new TableRef(0, AiLabelRow.TABLE)));
        case LOOP -> TrlExport.loop(read(spark, run, new TableRef(iteration, PreferencePairRow.TABLE)));
      };
      long written = TextFiles.write(lines, run.fs(), out);
      long leftOut = from == Source.AI_LABELS ? read(spark, run, new TableRef(0, AiLabelRow.TABLE)).count() - written : 0;
      System.out.printf("wrote %d pairs to %s%s%n", written, out,
          leftOut > 0 ? " (" + leftOut + " left out: label missing or exactly 0.5)" : "");
      return ExitCodes.OK;
    } finally {
      spark.stop();
    }
  }

  private static Dataset<Row> read(SparkSession spark, RunDirectory run, TableRef table) {
    if (run.readManifest().producerOf(table).isEmpty()) {
      throw new ConfigException("run " + run.uri() + " has no committed " + table
          + (table.name().equals(PreferencePairRow.TABLE) ? " (run iterate first, or pick --iteration)"
              : table.name().equals(AiLabelRow.TABLE) ? " (run tribunal label first)" : " (run tribunal import-pairs first)"));
    }
    return new StageContext(spark, run, table.iteration()).read(table);
  }

  static final class SourceConverter implements picocli.CommandLine.ITypeConverter<Source> {
    @Override
    public Source convert(String value) {
      return dev.tribunal.jobs.config.Check.oneOf("--from", value.replace('-', '_'), Source.class);
    }
  }
}
