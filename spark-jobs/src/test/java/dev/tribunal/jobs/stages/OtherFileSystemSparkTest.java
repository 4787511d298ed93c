package dev.tribunal.jobs.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tribunal.jobs.OtherFileSystem;
import dev.tribunal.jobs.ShippedSeed;
import dev.tribunal.jobs.SparkTestBase;
import dev.tribunal.jobs.config.TribunalConfig;
import dev.tribunal.jobs.eval.Metric;
import dev.tribunal.jobs.metarewarding.IterationDriver;
import dev.tribunal.jobs.run.ModelStore;
import dev.tribunal.jobs.run.RunDirectory;
import dev.tribunal.jobs.run.StageRecord;
import dev.tribunal.jobs.run.StageRunner;
import dev.tribunal.jobs.run.TableRef;
import dev.tribunal.jobs.stages.worker.WorkerSpec;
import dev.tribunal.jobs.stages.worker.WorkerSpecs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One iteration of the loop with the real runtime and trainer, its run root on a second Hadoop file
 * system: the tables, the manifest and the trained checkpoint land there, the executors load M_1
 * from there, and M_1 is the model the same run trains on the local disk.
 */
class OtherFileSystemSparkTest extends SparkTestBase {
  @TempDir static Path dir;

  @BeforeAll
  static void startSpark() {
    System.setProperty(ModelStore.WORK_DIR_PROPERTY, dir.resolve("work").toString());
    start("local[2]", Map.of(OtherFileSystem.SPARK_CONF, OtherFileSystem.class.getName()));
  }

  /** Gold picks the pairs, so a small run always has some to train on. */
  static TribunalConfig config(String seed) {
    return Loop.config("meta_rewarding.dpo.trainer=djl", "models.checkpoint=" + seed, "models.seed_version=seed",
        "meta_rewarding.feedback=gold", "meta_rewarding.meta_judging=false", "meta_rewarding.judge_iterations=[]",
        "meta_rewarding.k=3", "meta_rewarding.n=1", "meta_rewarding.actor.temperature=1.0",
        "meta_rewarding.actor.max_new_tokens=16", "meta_rewarding.dpo.batch_size=4");
  }

  @Test
  void anIterationOnAnotherFileSystemLandsThereAndTrainsTheModelOfTheLocalDisk() throws Exception {
    TribunalConfig config = config(ShippedSeed.path().toString());
    WorkerSpec local = iterate(config, dir.resolve("local").toString());
    Path other = dir.resolve("other");
    String root = OtherFileSystem.uri(other);
    WorkerSpec remote = iterate(config, root);

    assertEquals(local.modelVersion(), remote.modelVersion(), "the same data trains the same model");
    assertTrue(remote.modelVersion().startsWith("M1-"), remote.modelVersion());
    String checkpoint = ((WorkerSpec.Djl) remote).checkpoint();
    assertEquals(new org.apache.hadoop.fs.Path(root + "/" + Loop.RUN_ID + "/models/iter=1"),
        new org.apache.hadoop.fs.Path(checkpoint), "committed on the other file system: " + checkpoint);
    Path run = other.resolve(Loop.RUN_ID);
    assertTrue(Files.isRegularFile(run.resolve("manifest.json")));
    for (String table : new String[] {"iter=0/prompts", "iter=0/samples", "iter=0/preference_pairs", "iter=0/checkpoints",
        "iter=1/eval"}) {
      assertTrue(Files.isRegularFile(run.resolve(table).resolve("_SUCCESS")), table);
    }
    for (String file : new String[] {"config.json", "model.safetensors", "tokenizer.json", "lineage.json"}) {
      assertTrue(Files.isRegularFile(run.resolve("models/iter=1").resolve(file)), file);
    }
    assertTrue(Files.isRegularFile(run.resolve("models/iter=1.metrics.jsonl")), "the training log is committed beside it");
    try (var staging = Files.list(run.resolve("_staging"))) {
      assertEquals(0, staging.count(), "nothing left in staging");
    }
    assertEquals(List.of(), files(dir.resolve("local/" + Loop.RUN_ID + "/_staging/checkpoints")),
        "the local run's checkpoint was renamed into place");
    assertEquals(List.of(), files(dir.resolve("work/" + Loop.RUN_ID)), "the other run's local working copy is gone");
    RunDirectory remoteRun = new RunDirectory(root, Loop.RUN_ID, spark.sparkContext().hadoopConfiguration());
    StageRecord evaluated = remoteRun.readManifest().find("evaluate", 1).orElseThrow();
    assertTrue(evaluated.completed());
    var m1 = new StageRunner(spark, remoteRun, Set.of()).read(new TableRef(1, Metric.TABLE)).collectAsList();
    assertTrue(m1.stream().allMatch(r -> remote.modelVersion().equals(r.getAs("model_version"))),
        "the executors answered the held-out prompts with M1, loaded from the other file system");
  }

  @AfterAll
  static void clearWorkDir() {
    System.clearProperty(ModelStore.WORK_DIR_PROPERTY);
  }

  private static List<Path> files(Path dir) throws java.io.IOException {
    if (!Files.exists(dir)) return List.of();
    try (var list = Files.list(dir)) {
      return list.toList();
    }
  }

  private WorkerSpec iterate(TribunalConfig config, String root) {
    RunDirectory run = new RunDirectory(root, Loop.RUN_ID, spark.sparkContext().hadoopConfiguration());
    StageRunner stages = new StageRunner(spark, run, Set.of());
    IterationDriver driver = new IterationDriver(stages, config.metaRewarding(), config.resolvedRoles(), config.world(),
        PolicyTrainers.find("djl"));
    return driver.run(WorkerSpecs.seed(config.models()));
  }
}
