package dev.tribunal.schemas;

import org.apache.spark.sql.Row;

/** A record that is one row of a run table; its Spark row carries the table's schema. */
public interface TableRow {
  Row toRow();
}
