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
}
