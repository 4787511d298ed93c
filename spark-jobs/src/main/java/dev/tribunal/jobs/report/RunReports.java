package dev.tribunal.jobs.report;

import dev.tribunal.jobs.run.RunDirectory;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/** Writes a run's report.json and report.html into its directory, both from one serialized report. */
public final class RunReports {
  public static final String JSON = "report.json";
  public static final String HTML = "report.html";

  private RunReports() {}

  /** Gathers the run's figures, builds the report and writes it; returns where the page is. */
  public static Path write(SparkSession spark, RunDirectory run) {
    return write(run, ReportBuilder.build(new RunReader(spark, run).read(), Instant.now().toString()));
  }

  public static Path write(RunDirectory run, Report report) {
    String json = ReportJson.of(report);
    write(run, new Path(run.path(), JSON), json);
    Path html = new Path(run.path(), HTML);
    write(run, html, ReportPage.html(report, json));
    return html;
  }

  private static void write(RunDirectory run, Path file, String content) {
    try (OutputStream out = run.fs().create(file, true)) {
      out.write(content.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
