package dev.tribunal.jobs.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkEnv;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoints between the local disks the engines read and write and the run's file system, which
 * may be any Hadoop file system (HDFS, S3A, a custom scheme). A trainer writes a checkpoint into a
 * local working directory ({@link #workDir}); the driver commits it under the run ({@link #commit}):
 * copied to the run's staging and renamed into place, and only then named in a committed table, so
 * nothing reads a checkpoint before it is whole (on S3, where a rename is a copy, the table row
 * written after it is the marker). Whoever needs local files for a checkpoint somewhere else gets a
 * copy ({@link #local}), made once per machine and checkpoint, keyed by version.
 */
public final class ModelStore {
  /** System property: where the local copies of remote checkpoints go (default: Spark's scratch directory). */
  public static final String CACHE_DIR_PROPERTY = "tribunal.checkpointCache.dir";
  /** System property: where trainers write before the commit when the run is not on a local disk. */
  public static final String WORK_DIR_PROPERTY = "tribunal.work.dir";
  /** The metrics log a trainer keeps beside its checkpoint, committed with it. */
  public static final String METRICS_SUFFIX = ".metrics.jsonl";
  private static final String MODEL = "model";
  private static final Logger LOG = LoggerFactory.getLogger(ModelStore.class);

  private ModelStore() {}

  /**
   * A local directory for a trainer to write one checkpoint into: absent, its parent created. On a
   * run on the local disk it is in the run's staging (so the commit is a rename); otherwise in the
   * local work directory. Either way a dead attempt's leftovers are never reused.
   */
  public static java.nio.file.Path workDir(RunDirectory run, String name) {
    java.nio.file.Path dir = workRoot(run).resolve(name + "-" + UUID.randomUUID());
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the working directory " + dir, e);
    }
    return dir.resolve(MODEL);
  }

  /** Where {@link #workDir} makes its directories for this run. */
  private static java.nio.file.Path workRoot(RunDirectory run) {
    return isLocal(run.path()) ? java.nio.file.Path.of(run.staging("checkpoints").toUri())
        : java.nio.file.Path.of(System.getProperty(WORK_DIR_PROPERTY, System.getProperty("java.io.tmpdir")),
            "tribunal-work", run.path().getName());
  }

  /**
   * Commits a checkpoint written locally (with its metrics log, if the trainer kept one beside it)
   * to target under the run, replacing what a dead attempt may have left there: the run's lock
   * proves no live process uses it, and the stage that names it has not been committed. Returns
   * where the checkpoint now is. A working directory of {@link #workDir} is removed; on a run
   * on the local disk it is renamed into place instead of copied.
   */
  public static String commit(RunDirectory run, java.nio.file.Path local, Path target) {
    if (!Files.isDirectory(local)) throw new IllegalArgumentException("no checkpoint was written to " + local);
    java.nio.file.Path metrics = local.resolveSibling(local.getFileName() + METRICS_SUFFIX);
    boolean ours = local.getFileName().toString().equals(MODEL) && workRoot(run).equals(local.getParent().getParent());
    try {
      Path staged = ours && isLocal(run.path()) ? new Path(local.getParent().toUri()) : run.staging("commit-" + UUID.randomUUID());
      if (!(ours && isLocal(run.path()))) {
        run.fs().copyFromLocalFile(false, true, new Path(local.toUri()), new Path(staged, MODEL));
        if (Files.isRegularFile(metrics)) {
          run.fs().copyFromLocalFile(false, true, new Path(metrics.toUri()), new Path(staged, metrics.getFileName().toString()));
        }
      }
      run.commit(new Path(staged, MODEL), target);
      Path stagedMetrics = new Path(staged, metrics.getFileName().toString());
      if (run.fs().exists(stagedMetrics)) run.commit(stagedMetrics, metricsOf(target));
      run.delete(staged);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot commit checkpoint " + local + " to " + target, e);
    }
    if (ours) deleteLocal(local.getParent());
    // On the local disk a plain path, as people pass it back (e.g. bond.reward_model); elsewhere the full URI.
    Path committed = run.fs().makeQualified(target);
    return isLocal(committed) ? java.nio.file.Path.of(committed.toUri()).toString() : committed.toString();
  }

  /** Where the metrics log of a committed checkpoint is. */
  public static Path metricsOf(Path checkpoint) {
    return new Path(checkpoint.getParent(), checkpoint.getName() + METRICS_SUFFIX);
  }

  /**
   * The checkpoint as a local directory: a local path or file: URI as it is; on another file
   * system a copy under the local cache, made on first use. The copy is keyed by the version and
   * by the checkpoint's location and modification time, so a recommitted checkpoint is fetched
   * again; it is written beside and renamed into place, so tasks of several JVMs may race for it.
   */
  public static java.nio.file.Path local(String version, String checkpoint) {
    URI uri = URI.create(checkpoint.replace(" ", "%20"));
    if (uri.getScheme() == null) return java.nio.file.Path.of(checkpoint);
    if (uri.getScheme().equals("file")) return java.nio.file.Path.of(uri);
    Path remote = new Path(checkpoint);
    try {
      Configuration conf = HadoopConf.current();
      FileSystem fs = remote.getFileSystem(conf);
      FileStatus status = fs.getFileStatus(remote);
      java.nio.file.Path target = cacheDir().resolve(safe(version) + "-"
          + hash(status.getPath() + "@" + status.getModificationTime()));
      if (Files.isDirectory(target)) return target;
      return fetch(fs, status.getPath(), target);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot fetch checkpoint " + checkpoint + " of " + version, e);
    }
  }

  /**
   * A model path as the executors must see it: a local path made absolute (they do not share the
   * driver's working directory), a URI as it is.
   */
  public static String qualify(String checkpoint) {
    return URI.create(checkpoint.replace(" ", "%20")).getScheme() == null
        ? java.nio.file.Path.of(checkpoint).toAbsolutePath().normalize().toString() : checkpoint;
  }

  /** A small file of a checkpoint on any file system, read without copying the rest; empty when there is none. */
  public static java.util.Optional<byte[]> file(String checkpoint, String name) {
    Path file = new Path(new Path(qualify(checkpoint)), name);
    try {
      FileSystem fs = file.getFileSystem(HadoopConf.current());
      if (!fs.isFile(file)) return java.util.Optional.empty();
      try (var in = fs.open(file)) {
        return java.util.Optional.of(in.readAllBytes());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static java.nio.file.Path fetch(FileSystem fs, Path remote, java.nio.file.Path target) throws IOException {
    java.nio.file.Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp-" + UUID.randomUUID());
    Files.createDirectories(target.getParent());
    try {
      fs.copyToLocalFile(false, remote, new Path(tmp.toUri()), true);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      LOG.info("checkpoint {} copied to {}", remote, target);
    } catch (FileAlreadyExistsException e) {
      // Another task fetched it first; its copy is as good.
    } catch (IOException e) {
      if (!Files.isDirectory(target)) throw e;
    } finally {
      deleteLocal(tmp);
    }
    return target;
  }

  private static java.nio.file.Path cacheDir() {
    String configured = System.getProperty(CACHE_DIR_PROPERTY);
    if (configured != null) return java.nio.file.Path.of(configured);
    // Spark's scratch directory of this JVM: on executors it is removed when the executor exits.
    SparkEnv env = SparkEnv.get();
    String scratch = env == null ? System.getProperty("java.io.tmpdir") : org.apache.spark.SparkFiles.getRootDirectory();
    return java.nio.file.Path.of(scratch, "tribunal-checkpoints");
  }

  static boolean isLocal(Path path) {
    String scheme = path.toUri().getScheme();
    return scheme == null || scheme.equals("file");
  }

  private static String safe(String version) {
    return version.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  private static String hash(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void deleteLocal(java.nio.file.Path dir) {
    if (!Files.exists(dir)) return;
    try (Stream<java.nio.file.Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.warn("cannot remove {}: {}", dir, e.toString());
    }
  }
}
