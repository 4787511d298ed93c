package dev.tribunal.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tribunal.jobs.LocalCluster;
import dev.tribunal.jobs.run.Manifest;
import dev.tribunal.jobs.run.RunDirectory;
import dev.tribunal.jobs.run.StageRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One iteration with the in-JVM runtime on real executor JVMs (Spark's local-cluster: two
 * executors, each loading the seed in its own JVM), as `./tribunal --executors 2 iterate` runs it.
 * Must hold: every stage commits, with the rows a local[2] run of the same configuration commits,
 * and the trained model has the same id: samples, judgments and pairs do not depend on which JVM
 * made them. (The same run id under two roots: ids and sampling seeds derive from it.)
 */
class LocalClusterLoopSparkTest {
  @TempDir Path dir;

  @Test
  void anIterationOnTwoExecutorJvmsTrainsTheModelALocalRunTrains() throws Exception {
    Path root = dir.resolve("runs");
    Path work = Path.of(System.getenv("SPARK_HOME"), "work"); // where the workers give each executor a directory
    List<Path> appsBefore = apps(work);
    CliRun cluster = CliRun.of(TinyIteration.args(root.resolve("cluster"), "r1", LocalCluster.settings(2, 2048, "1g")));
    assertEquals(0, cluster.code(), cluster.err());
    CliRun local = CliRun.of(TinyIteration.args(root.resolve("local"), "r1", Map.of("spark.master", "local[2]")));
    assertEquals(0, local.code(), local.err());

    assertEquals(TinyIteration.finalModel(local.out()), TinyIteration.finalModel(cluster.out()));
    Manifest onCluster = manifest(root.resolve("cluster"));
    Manifest onLocal = manifest(root.resolve("local"));
    for (String stage : List.of("prompts", "sample", "judge", "meta-judge", "battle", "pairs", "ref-logprobs",
        "train", "eval-generate", "evaluate")) {
      int t = stage.startsWith("eval") ? 1 : 0;
      StageRecord c = onCluster.find(stage, t).orElseThrow(() -> new AssertionError(stage + " did not run on the cluster"));
      assertTrue(c.completed(), stage);
      assertEquals(onLocal.find(stage, t).orElseThrow().rows(), c.rows(), stage + ": the same rows as local[2]");
      assertEquals(onLocal.find(stage, t).orElseThrow().fingerprint(), c.fingerprint(), stage);
    }
    assertTrue(Files.isRegularFile(root.resolve("cluster/r1/models/iter=1/model.safetensors")));
    List<Path> apps = apps(work);
    apps.removeAll(appsBefore);
    assertEquals(1, apps.size(), "one application ran on the local cluster: " + apps);
    assertEquals(2, apps(apps.get(0)).size(), "its two executors ran in JVMs of their own");
  }

  private static List<Path> apps(Path dir) throws Exception {
    if (!Files.isDirectory(dir)) return new java.util.ArrayList<>();
    try (var files = Files.list(dir)) {
      return files.filter(Files::isDirectory).collect(java.util.stream.Collectors.toCollection(java.util.ArrayList::new));
    }
  }

  private static Manifest manifest(Path root) {
    return new RunDirectory(root.toString(), "r1", new Configuration()).readManifest();
  }
}
