package dev.tribunal.jobs.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * The files behind input paths (files, directories or globs, on any Hadoop file system), each
 * with a fingerprint of size and modification time: reading whole corpora to hash them would cost
 * more than the import itself.
 */
public final class InputFiles {
  private InputFiles() {}

  public static Map<String, String> describe(List<String> paths, Configuration conf) {
    Map<String, String> files = new TreeMap<>();
    for (String p : paths) {
      Path path = new Path(p);
      try {
        FileSystem fs = path.getFileSystem(conf);
        FileStatus[] matches = fs.globStatus(path);
        if (matches == null || matches.length == 0) throw new dev.tribunal.jobs.config.ConfigException("input not found: " + p);
        for (FileStatus m : matches) list(fs, m, files);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read input " + p, e);
      }
    }
    if (files.isEmpty()) throw new dev.tribunal.jobs.config.ConfigException("no input files under " + paths);
    return files;
  }

  private static void list(FileSystem fs, FileStatus status, Map<String, String> out) throws IOException {
    if (status.isFile()) {
      out.put(status.getPath().toString(), status.getLen() + "@" + status.getModificationTime());
      return;
    }
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(status.getPath(), true);
    while (it.hasNext()) {
      LocatedFileStatus f = it.next();
      String name = f.getPath().getName();
      if (!name.startsWith("_") && !name.startsWith(".")) {
        out.put(f.getPath().toString(), f.getLen() + "@" + f.getModificationTime());
      }
    }
  }

  /** Each path made absolute on its file system (a relative one against the working directory). */
  public static List<String> qualify(List<String> paths, Configuration conf) {
    return paths.stream().map(p -> {
      Path path = new Path(p);
      try {
        return path.getFileSystem(conf).makeQualified(path).toString();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot resolve input " + p, e);
      }
    }).toList();
  }

  /** Parquet when every file ends in .parquet, otherwise JSON Lines. */
  public static ImportStage.Format detect(Map<String, String> files) {
    boolean parquet = files.keySet().stream().allMatch(f -> f.endsWith(".parquet"));
    return parquet ? ImportStage.Format.PARQUET : ImportStage.Format.JSONL;
  }

  /** Each file's lines, one unsplit partition per file, so a record's line number is its place in its file. */
  static org.apache.spark.api.java.JavaNewHadoopRDD<org.apache.hadoop.io.LongWritable, org.apache.hadoop.io.Text> lines(
      org.apache.spark.sql.SparkSession spark, List<String> paths) {
    var jsc = org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext());
    return (org.apache.spark.api.java.JavaNewHadoopRDD<org.apache.hadoop.io.LongWritable, org.apache.hadoop.io.Text>)
        jsc.newAPIHadoopFile(String.join(",", paths), UnsplitTextInputFormat.class,
            org.apache.hadoop.io.LongWritable.class, org.apache.hadoop.io.Text.class, spark.sparkContext().hadoopConfiguration());
  }

  /**
   * Parquet rows as the JSON line each would be, with its file and 0-based row: (json, file, row), so
   * Parquet input goes through the same record checks as JSON Lines.
   */
  static org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> parquetAsJson(org.apache.spark.sql.SparkSession spark,
      List<String> paths) {
    var raw = spark.read().parquet(paths.toArray(String[]::new));
    var columns = java.util.Arrays.stream(raw.columns()).map(n -> org.apache.spark.sql.functions.col("`" + n + "`"))
        .toArray(org.apache.spark.sql.Column[]::new);
    return raw.select(org.apache.spark.sql.functions.to_json(org.apache.spark.sql.functions.struct(columns)),
        org.apache.spark.sql.functions.col("_metadata.file_path"), org.apache.spark.sql.functions.col("_metadata.row_index"));
  }
}
