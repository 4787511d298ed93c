package dev.tribunal.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every table written to Parquet and read back, as stages hand tables to each other. */
class ParquetRoundTripTest {
  private static SparkSession spark;

  @TempDir static Path dir;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[2]").appName("schemas-parquet")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @ParameterizedTest
  @EnumSource(Tables.class)
  void tableSurvivesParquet(Tables table) {
    List<TableRow> records = Fixtures.rows(table);
    List<Row> rows = records.stream().map(TableRow::toRow).toList();
    String path = dir.resolve(table.tableName()).toString();
    spark.createDataset(rows, table.encoder()).write().parquet(path);

    Dataset<Row> read = spark.read().schema(table.schema()).parquet(path);
    assertEquals(List.of(table.schema().fieldNames()), List.of(read.schema().fieldNames()));
    List<TableRow> back = read.collectAsList().stream().map(table::fromRow).toList();
    // Parquet parts come back in any order.
    assertEquals(records.size(), back.size());
    assertEquals(new HashSet<>(records), new HashSet<>(back));
  }
}
