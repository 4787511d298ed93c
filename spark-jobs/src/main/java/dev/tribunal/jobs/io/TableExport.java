package dev.tribunal.jobs.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_csv;
import static org.apache.spark.sql.functions.to_json;

import dev.tribunal.jobs.config.ConfigException;
import dev.tribunal.jobs.run.Manifest;
import dev.tribunal.jobs.run.RunDirectory;
import dev.tribunal.jobs.run.StageRecord;
import dev.tribunal.jobs.run.TableRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A run's committed tables as text, for languages that cannot read Parquet: one file per
 * iter=&lt;t&gt;/&lt;table&gt; (JSON Lines or CSV) and a copy of the manifest. The export is built in a
 * hidden folder beside the target and renamed into place at the end, so a reader never sees half
 * of one, nor a mix of two.
 */
public final class TableExport {
  /** The manifest's name in a run and in an export. */
  public static final String MANIFEST = "manifest.json";

  /** JSON Lines keeps nested columns as they are; CSV writes them as JSON text in their cell. */
  public enum Format {
    JSONL, CSV;

    public String extension() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private TableExport() {}

  /** The tables the run's completed stages committed, with their rejected rows where written. */
  public static List<TableRef> committed(RunDirectory run) {
    Path manifest = new Path(run.path(), MANIFEST);
    try {
      if (!run.fs().exists(manifest)) {
        throw new ConfigException("no run at " + run.uri() + ": it has no " + MANIFEST + " (check --root and --run-id)");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + manifest, e);
    }
    Manifest m = run.readManifest();
    TreeSet<TableRef> tables = new TreeSet<>(Comparator.comparingInt(TableRef::iteration).thenComparing(TableRef::name));
    for (StageRecord s : m.stages()) {
      if (!s.completed()) continue;
      tables.add(s.output());
      if (exists(run, s.rejectedTable())) tables.add(s.rejectedTable());
    }
    return List.copyOf(tables);
  }

  /** The tables of the given names (every iteration of each); an unknown name fails naming those there are. */
  public static List<TableRef> select(RunDirectory run, List<TableRef> tables, List<String> names) {
    if (names.isEmpty()) return tables;
    TreeSet<String> known = new TreeSet<>(tables.stream().map(TableRef::name).toList());
    for (String name : names) {
      if (!known.contains(name)) {
        throw new ConfigException("--table " + name + ": run " + run.uri() + " has no committed table of that name;"
            + " it has: " + String.join(", ", known));
      }
    }
    return tables.stream().filter(t -> names.contains(t.name())).toList();
  }

  /**
   * Writes the tables and the manifest under {@code to}, replacing an earlier export there, and
   * returns the rows written per table. A folder at {@code to} that is not an export is refused:
   * the export replaces it whole.
   */
  public static Map<TableRef, Long> write(SparkSession spark, RunDirectory run, List<TableRef> tables, Format format,
      String to) {
    Path target = new Path(to);
    FileSystem fs = fileSystem(spark, target);
    target = fs.makeQualified(target);
    refuseForeign(fs, target);
    Path staging = new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".partial");
    Map<TableRef, Long> rows = new LinkedHashMap<>();
    try {
      for (TableRef t : tables) {
        Dataset<Row> table = spark.read().parquet(run.table(t).toString());
        rows.put(t, TextFiles.write(lines(spark, table, format), fs, file(staging, t, format).toString()));
      }
      // The manifest last: a reader of the staged folder's manifest may rely on every table being there.
      FileUtil.copy(run.fs(), new Path(run.path(), MANIFEST), fs, new Path(staging, MANIFEST), false,
          spark.sparkContext().hadoopConfiguration());
      if (fs.exists(target) && !fs.delete(target, true)) throw new IOException("cannot delete the earlier export " + target);
      if (!fs.rename(staging, target)) throw new IOException("rename " + staging + " -> " + target + " failed");
    } catch (IOException e) {
      deleteQuietly(fs, staging);
      throw new UncheckedIOException("cannot write the export " + target, e);
    } catch (RuntimeException e) {
      deleteQuietly(fs, staging);
      throw e;
    }
    return rows;
  }

  /** Where a table goes in an export: iter=&lt;t&gt;/&lt;table&gt;.&lt;format&gt;. */
  public static Path file(Path export, TableRef table, Format format) {
    return new Path(export, table.path() + "." + format.extension());
  }

  /** One line per row: JSON with nulls kept (a column that is null in every row is still there), or CSV with a header. */
  static Dataset<String> lines(SparkSession spark, Dataset<Row> table, Format format) {
    Column all = struct(Arrays.stream(table.columns()).map(c -> col(c)).toArray(Column[]::new));
    if (format == Format.JSONL) {
      return table.select(to_json(all, Map.of("ignoreNullFields", "false"))).as(Encoders.STRING());
    }
    Column flat = struct(Arrays.stream(table.schema().fields()).map(TableExport::csvCell).toArray(Column[]::new));
    // RFC 4180: a quote inside a quoted cell is doubled (Spark's default escapes it with a backslash).
    Dataset<String> body = table.select(to_csv(flat, Map.of("escape", "\""))).as(Encoders.STRING());
    // A one-row dataset first: toLocalIterator reads a union's partitions in order.
    return spark.createDataset(List.of(String.join(",", table.columns())), Encoders.STRING()).union(body);
  }

  /** A CSV cell holds one value: nested columns become their JSON text. */
  private static Column csvCell(StructField f) {
    boolean nested = f.dataType() instanceof StructType || f.dataType() instanceof ArrayType
        || f.dataType() instanceof MapType;
    return nested ? to_json(col(f.name())).as(f.name()) : col(f.name());
  }

  /**
   * An existing folder is replaced only when it is empty or an earlier export: the manifest, iter=
   * folders and hidden files (checksums), nothing else.
   */
  private static void refuseForeign(FileSystem fs, Path target) {
    try {
      if (!fs.exists(target)) return;
      FileStatus[] children = fs.isDirectory(target) ? fs.listStatus(target) : null;
      boolean export = children != null && (children.length == 0 || has(children, MANIFEST::equals)
          && Stream.of(children).map(c -> c.getPath().getName())
              .allMatch(n -> n.equals(MANIFEST) || n.startsWith("iter=") || n.startsWith(".")));
      if (!export) {
        throw new ConfigException("--to " + target + " exists and is not a table export (an export holds only "
            + MANIFEST + " and iter=<t>/ folders); it would be replaced whole: choose a new or empty folder");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot look at " + target, e);
    }
  }

  /** The local file system without its checksums: an export is read by other tools, which want no .crc files beside it. */
  private static boolean has(FileStatus[] children, java.util.function.Predicate<String> name) {
    return Stream.of(children).anyMatch(c -> name.test(c.getPath().getName()));
  }

  private static FileSystem fileSystem(SparkSession spark, Path target) {
    try {
      FileSystem fs = target.getFileSystem(spark.sparkContext().hadoopConfiguration());
      return fs instanceof LocalFileSystem local ? local.getRawFileSystem() : fs;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the file system of " + target, e);
    }
  }

  private static boolean exists(RunDirectory run, TableRef table) {
    try {
      return run.fs().exists(run.table(table));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot look for " + run.table(table), e);
    }
  }

  private static void deleteQuietly(FileSystem fs, Path p) {
    try {
      fs.delete(p, true);
    } catch (IOException e) {
      // The failure being reported matters more; the hidden staging folder is harmless.
    }
  }
}
