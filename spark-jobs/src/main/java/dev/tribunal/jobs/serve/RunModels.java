package dev.tribunal.jobs.serve;

import dev.tribunal.jobs.stages.CheckpointRow;
import dev.tribunal.worker.ModelWorker;
import dev.tribunal.worker.djl.DjlModelWorker;
import dev.tribunal.worker.djl.RuntimeOptions;
import dev.tribunal.worker.serve.ServedModels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;

/**
 * The models of a run directory by name, so a loop over HTTP reaches every version it trains
 * without anyone restarting the server: M_0 (the checkpoint the run started from, under its
 * seed_version) and each version a train stage committed to iter=t/checkpoints. A name not found
 * is looked up again in the run's committed tables, so a version trained while the server runs is
 * served on the first request naming it. Weights load on demand into the JVM's bounded model cache
 * (at most tribunal.modelCache.capacity versions; the least recently used is dropped).
 */
public final class RunModels implements ServedModels {
  private final String seedName;
  private final Path seedDir;
  private final Path run;
  private final String device;
  private final RuntimeOptions options;
  private final Map<String, Version> versions = new ConcurrentHashMap<>();

  /** One trained version: where its checkpoint is and the iteration that trained it. */
  record Version(String name, int iteration, Path checkpoint) {}

  public RunModels(String seedName, Path seedDir, Path run, String device, RuntimeOptions options) {
    this.seedName = seedName;
    this.seedDir = seedDir;
    this.run = run;
    this.device = device;
    this.options = options;
  }

  @Override
  public String defaultName() {
    return seedName;
  }

  @Override
  public List<String> names() {
    rescan();
    List<String> names = new ArrayList<>(List.of(seedName));
    versions.values().stream().sorted(Comparator.comparingInt(Version::iteration).thenComparing(Version::name))
        .forEach(v -> names.add(v.name()));
    return names;
  }

  @Override
  public <R> R call(String name, Function<ModelWorker, R> call) {
    Path dir = checkpoint(name);
    if (dir == null) throw new UnknownModelException(name, names());
    try (DjlModelWorker worker = DjlModelWorker.open(name, dir, device, options)) {
      return call.apply(worker);
    }
  }

  /** The checkpoint directory of name, or null when the run has committed no version of that name. */
  Path checkpoint(String name) {
    if (name.equals(seedName)) return seedDir;
    if (!versions.containsKey(name)) rescan();
    Version v = versions.get(name);
    return v == null ? null : v.checkpoint();
  }

  /** Reads every committed iter=t/checkpoints table of the run. */
  private void rescan() {
    if (!Files.isDirectory(run)) return;
    try (Stream<Path> iterations = Files.list(run)) {
      for (Path table : iterations.filter(p -> p.getFileName().toString().startsWith("iter="))
          .map(p -> p.resolve(CheckpointRow.TABLE)).filter(Files::isDirectory).toList()) {
        read(table).forEach(v -> versions.put(v.name(), v));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the run directory " + run, e);
    }
  }

  /** A checkpoint path as the trainer recorded it: a local path, or a file: URI. */
  private static Path local(String path) {
    return path.startsWith("file:") ? Path.of(java.net.URI.create(path)) : Path.of(path);
  }

  /** The rows of one committed checkpoints table (Parquet, read without Spark). */
  static List<Version> read(Path table) throws IOException {
    List<Version> out = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> s = Files.list(table)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList();
    }
    for (Path file : files) {
      try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(),
          new org.apache.hadoop.fs.Path(file.toUri())).withConf(new Configuration()).build()) {
        for (Group g = reader.read(); g != null; g = reader.read()) {
          out.add(new Version(g.getString("version", 0), g.getInteger("iteration", 0),
              local(g.getString("path", 0))));
        }
      }
    }
    return out;
  }
}
