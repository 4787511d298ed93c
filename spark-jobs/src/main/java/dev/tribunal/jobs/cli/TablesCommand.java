package dev.tribunal.jobs.cli;

import dev.tribunal.jobs.config.Check;
import dev.tribunal.jobs.config.TribunalConfig;
import dev.tribunal.jobs.io.TableExport;
import dev.tribunal.jobs.run.RunDirectory;
import dev.tribunal.jobs.run.TableRef;
import dev.tribunal.jobs.spark.Sessions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "tables", mixinStandardHelpOptions = true,
    description = {
        "Write a run's committed tables as text for other languages (pandas, R, DuckDB, jq), which need no Parquet"
            + " reader then: DIR/iter=<t>/<table>.jsonl (or .csv) per table, and DIR/" + TableExport.MANIFEST + ".",
        "JSON Lines keeps every column, nulls included, and nested ones (messages, metadata) as JSON; CSV has a"
            + " header line and writes nested columns as JSON text in their cell. The tables' columns are described"
            + " by the JSON Schemas in schemas/ and by each stage's record.",
        "The export is written beside DIR and renamed into place when complete, replacing an earlier export there;"
            + " a folder that is not an export is never replaced. Reads committed tables only and takes no lock, so it"
            + " can run beside a running job.",
        "Example: tribunal tables --run-id demo --to /tmp/demo-tables"})
final class TablesCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--to", required = true, paramLabel = "DIR", description = "The folder to write (a local path or a Hadoop URI).")
  String to;

  @Option(names = "--format", defaultValue = "jsonl", paramLabel = "FORMAT", converter = FormatConverter.class,
      description = "jsonl or csv. Default: ${DEFAULT-VALUE}.")
  TableExport.Format format;

  @Option(names = "--table", paramLabel = "NAME",
      description = "Only this table, in every iteration that has it (repeatable; e.g. samples, judgments, eval). Default: all.")
  List<String> tables = new ArrayList<>();

  @Override
  public Integer call() {
    TribunalConfig config = common.load();
    SparkSession spark = Sessions.create(config.spark(), "tribunal tables");
    try {
      RunDirectory run = new RunDirectory(config.run().root(), config.run().id(), spark.sparkContext().hadoopConfiguration());
      List<TableRef> chosen = TableExport.select(run, TableExport.committed(run), tables);
      Map<TableRef, Long> rows = TableExport.write(spark, run, chosen, format, to);
      if (!common.quiet) rows.forEach((t, n) -> System.out.printf("  %-32s %10d rows%n", t, n));
      System.out.printf("wrote %d tables (%d rows) and %s of run %s to %s%n", rows.size(),
          rows.values().stream().mapToLong(Long::longValue).sum(), TableExport.MANIFEST, run.uri(), to);
      return ExitCodes.OK;
    } finally {
      spark.stop();
    }
  }

  static final class FormatConverter implements ITypeConverter<TableExport.Format> {
    @Override
    public TableExport.Format convert(String value) {
      return Check.oneOf("--format", value, TableExport.Format.class);
    }
  }
}
