package dev.tribunal.jobs.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
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
    return readJson("manifest.json", Manifest.class).orElseGet(() -> Manifest.empty(dir.getName()));
  }

  /** Written beside, then renamed over the old one, so a reader never sees half a manifest. */
  public void writeManifest(Manifest manifest) {
    writeJson("manifest.json", manifest);
  }

  /** A JSON file of this directory (snake_case fields), or empty when there is none. */
  public <T> Optional<T> readJson(String name, Class<T> type) {
    Path p = new Path(dir, name);
    try {
      if (!fs.exists(p)) return Optional.empty();
      try (var in = fs.open(p)) {
        return Optional.of(JSON.readValue((java.io.InputStream) in, type));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + p, e);
    }
  }

  /** Writes a JSON file of this directory beside its old version, then renames it over it. */
  public void writeJson(String name, Object value) {
    Path target = new Path(dir, name);
    Path tmp = new Path(dir, "." + name + "." + java.util.UUID.randomUUID());
    try {
      fs.mkdirs(dir);
      try (OutputStream out = fs.create(tmp, false)) {
        JSON.writeValue(out, value);
      }
      replace(tmp, target);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target, e);
    }
  }

  /** The names of this directory's files that start with prefix and end with suffix, sorted. */
  public List<String> list(String prefix, String suffix) {
    try {
      if (!fs.exists(dir)) return List.of();
      return java.util.Arrays.stream(fs.listStatus(dir)).filter(FileStatus::isFile).map(f -> f.getPath().getName())
          .filter(n -> n.startsWith(prefix) && n.endsWith(suffix)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  /**
   * Renames over an existing file in one step where the file system's FileContext binding can
   * (HDFS, S3A, local). A file system with none (no fs.AbstractFileSystem.SCHEME.impl) gets
   * FileSystem's rename, which replaces the target on POSIX-like stores; where it refuses, the old
   * file is moved aside first, and a reader in between finds none for a moment.
   */
  private void replace(Path tmp, Path target) throws IOException {
    try {
      FileContext.getFileContext(dir.toUri(), conf).rename(tmp, target, Options.Rename.OVERWRITE);
      return;
    } catch (org.apache.hadoop.fs.UnsupportedFileSystemException e) {
      if (fs.rename(tmp, target)) return;
    }
    Path old = new Path(target.getParent(), "." + target.getName() + ".old-" + java.util.UUID.randomUUID());
    if (!fs.rename(target, old) || !fs.rename(tmp, target)) throw new IOException("rename failed: " + tmp + " -> " + target);
    fs.delete(old, false);
  }

  /**
   * Rewrites a file in place. Unlike a rename over it (which the local file system does as delete
   * then rename), the path never stands empty, so an exclusive create elsewhere cannot slip in; a
   * reader may briefly see it short, and must take that for a live writer.
   */
  void overwrite(Path file, byte[] content) throws IOException {
    try (OutputStream out = fs.create(file, true)) {
      out.write(content);
    }
  }

  /**
   * Creates a file only if there is none, in one step: false when one exists. Hadoop's local file
   * system checks and then creates, so two local processes could both succeed; there the JDK's
   * CREATE_NEW (O_EXCL) decides instead. HDFS creates exclusively itself.
   */
  boolean createExclusive(Path file, byte[] content) throws IOException {
    fs.mkdirs(file.getParent());
    if ("file".equals(fs.getUri().getScheme())) return createLocal(file, content);
    try (OutputStream out = fs.create(file, false)) {
      out.write(content);
      return true;
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
      return false;
    }
  }

  private static boolean createLocal(Path file, byte[] content) throws IOException {
    try (OutputStream out = Files.newOutputStream(Paths.get(file.toUri()),
        StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      out.write(content);
      return true;
    } catch (java.nio.file.FileAlreadyExistsException e) {
      return false;
    }
  }

  /**
   * A small file's bytes and modification time, or empty when it does not exist. Read past the
   * local file system's checksums: a file created exclusively has none, and a crash between a
   * rename and its checksum's rename would otherwise make it unreadable.
   */
  Optional<Snapshot> snapshot(Path file) throws IOException {
    FileSystem raw = fs instanceof ChecksumFileSystem c ? c.getRawFileSystem() : fs;
    try {
      long modified = raw.getFileStatus(file).getModificationTime();
      try (var in = raw.open(file)) {
        return Optional.of(new Snapshot(in.readAllBytes(), modified));
      }
    } catch (FileNotFoundException e) {
      return Optional.empty();
    }
  }

  /** What {@link #snapshot} read. */
  record Snapshot(byte[] content, long modifiedMillis) {}

  /**
   * Removes everything under _staging/ and returns the names removed. Only safe while holding the
   * run's lock: then no live process is writing there.
   */
  List<String> clearStaging() {
    Path staging = new Path(dir, "_staging");
    List<String> removed = new ArrayList<>();
    try {
      if (!fs.exists(staging)) return removed;
      for (FileStatus f : fs.listStatus(staging)) {
        if (!fs.delete(f.getPath(), true)) throw new IOException("cannot delete " + f.getPath());
        removed.add(f.getPath().getName());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear " + staging, e);
    }
    return removed;
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
