package dev.tribunal.jobs.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Paths;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * {@code <root>/<run_id>/}: manifest.json, iter=<t>/<table>/ in Parquet, _staging/ for stage
 * output not yet committed. Works on any Hadoop file system (file://, hdfs://, s3a://).
 */
public final class RunDirectory {
  static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(SerializationFeature.INDENT_OUTPUT);

  private final Path dir;
  private final FileSystem fs;
  private final Configuration conf;

  public RunDirectory(String root, String runId, Configuration conf) {
    this.conf = conf;
    this.dir = new Path(new Path(qualify(root)), runId);
    try {
      this.fs = dir.getFileSystem(conf);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open file system of " + dir, e);
    }
  }

  /** A bare local path becomes an absolute file: URI, so driver and executors agree on it. */
  static URI qualify(String root) {
    URI uri = URI.create(root.replace(" ", "%20"));
    if (uri.getScheme() != null) return URI.create(root.endsWith("/") ? root : root + "/");
    return Paths.get(root).toAbsolutePath().normalize().toUri();
  }

  public Path path() {
    return dir;
  }

  public String uri() {
    return dir.toString();
  }

  public FileSystem fs() {
    return fs;
  }

  public Path table(TableRef ref) {
    return new Path(dir, ref.path());
  }

  public Path staging(String name) {
    return new Path(new Path(dir, "_staging"), name);
  }

  public Manifest readManifest() {
    Path p = new Path(dir, "manifest.json");
    try {
      if (!fs.exists(p)) return Manifest.empty(dir.getName());
      try (var in = fs.open(p)) {
        return JSON.readValue((java.io.InputStream) in, Manifest.class);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + p, e);
    }
  }

  /** Written beside, then renamed over the old one, so a reader never sees half a manifest. */
  public void writeManifest(Manifest manifest) {
    Path target = new Path(dir, "manifest.json");
    Path tmp = new Path(dir, ".manifest.json." + java.util.UUID.randomUUID());
    try {
      fs.mkdirs(dir);
      try (OutputStream out = fs.create(tmp, false)) {
        JSON.writeValue(out, manifest);
      }
      FileContext.getFileContext(dir.toUri(), conf).rename(tmp, target, Options.Rename.OVERWRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target, e);
    }
  }

  /** Moves a fully written staging directory to its final place, replacing what was there. */
  public void commit(Path staged, Path target) {
    try {
      if (fs.exists(target) && !fs.delete(target, true)) throw new IOException("cannot delete " + target);
      fs.mkdirs(target.getParent());
      if (!fs.rename(staged, target)) throw new IOException("rename failed: " + staged + " -> " + target);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot commit " + target, e);
    }
  }

  /**
   * The rows of a committed Parquet table, summed from its files' footers: exact, and read by the
   * driver without a Spark job (a table's data files are every file not named _* or .*).
   */
  public long rowCount(Path table) {
    long rows = 0;
    try {
      for (FileStatus f : fs.listStatus(table, p -> !p.getName().startsWith("_") && !p.getName().startsWith("."))) {
        try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromStatus(f, conf))) {
          rows += r.getRecordCount();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot count the rows of " + table, e);
    }
    return rows;
  }

  public void delete(Path p) {
    try {
      fs.delete(p, true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + p, e);
    }
  }
}
