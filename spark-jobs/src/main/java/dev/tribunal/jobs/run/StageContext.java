package dev.tribunal.jobs.run;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** What a running stage may use: the session, the run's tables, and its iteration. */
public record StageContext(SparkSession spark, RunDirectory run, int iteration) {

  /** Reads a committed table of this run. */
  public Dataset<Row> read(TableRef table) {
    return spark.read().parquet(run.table(table).toString());
  }
}
