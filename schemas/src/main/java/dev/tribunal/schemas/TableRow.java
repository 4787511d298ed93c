package dev.tribunal.schemas;

import java.io.Serializable;
import org.apache.spark.sql.Row;

/**
 * A record that is one row of a run table; its Spark row carries the table's schema. Rows are
 * serializable so that Spark functions may hold or return them.
 */
public interface TableRow extends Serializable {
  Row toRow();
}
