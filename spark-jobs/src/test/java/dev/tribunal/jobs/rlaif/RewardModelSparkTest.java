package dev.tribunal.jobs.rlaif;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tribunal.jobs.SparkTestBase;
import dev.tribunal.jobs.config.ConfigException;
import dev.tribunal.jobs.config.ConfigLoader;
import dev.tribunal.jobs.config.RlaifConfig;
import dev.tribunal.jobs.config.TribunalConfig;
import dev.tribunal.jobs.io.WorldPairsStage;
import dev.tribunal.jobs.run.RunDirectory;
import dev.tribunal.jobs.run.StageRunner;
import dev.tribunal.jobs.run.TableRef;
import dev.tribunal.jobs.stages.CheckpointRow;
import dev.tribunal.jobs.stages.ModelUse;
import dev.tribunal.jobs.stages.TinyCheckpoint;
import dev.tribunal.jobs.stages.worker.WorkerSpec;
import dev.tribunal.jobs.stages.worker.WorkerSpecs;
import dev.tribunal.schemas.CorpusPairRow;
import dev.tribunal.schemas.PairFormat;
import dev.tribunal.schemas.RewardRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** World pairs, a reward model distilled from their gold labels on a tiny real model, and its rewards served. */
class RewardModelSparkTest extends SparkTestBase {
  @TempDir static Path dir;

  @BeforeAll
  static void startSpark() {
    start("local[2]");
  }

  @Test
  void aRewardModelTrainsOnTheLabelsHoldsSomeOutAndRewardsEveryResponse() throws Exception {
    Path tiny = TinyCheckpoint.write(dir.resolve("tiny"), 5);
    TribunalConfig c = new ConfigLoader(k -> null).load(null, List.of("models.checkpoint=" + tiny,
        "models.seed_version=tiny-0", "rlaif.reward_model.labels=human", "rlaif.reward_model.epochs=1",
        "rlaif.reward_model.batch_size=8", "rlaif.reward_model.held_out=0.25"));
    StageRunner r = new StageRunner(spark, new RunDirectory(dir.resolve("runs").toString(), "rm",
        spark.sparkContext().hadoopConfiguration()), Set.of());
    TableRef corpus = r.execute(new WorldPairsStage(c.world(), 40), 0).output();
    List<CorpusPairRow> pairs = r.read(corpus).collectAsList().stream().map(CorpusPairRow::fromRow).toList();
    assertEquals(40, pairs.size());
    assertTrue(pairs.stream().allMatch(p -> p.format() == PairFormat.WORLD && (p.label() == 0.0 || p.label() == 1.0)));

    WorkerSpec base = WorkerSpecs.seed(c.models());
    TableRef trained = r.execute(new RewardModelStage(corpus, null, base, c.rlaif().rewardModel()), 0).output();
    CheckpointRow rm = CheckpointRow.fromRow(r.read(trained).first());
    assertEquals(40, rm.pairs());
    assertEquals(10.0, rm.metrics().get("heldout/pairs"));
    assertTrue(rm.metrics().containsKey("heldout/accuracy"));
    assertEquals(rm.metrics().get("steps"), (double) rm.steps().size(), "every optimizer step is kept for the report");
    assertTrue(rm.steps().get(0).containsKey("loss") && rm.steps().get(0).get("step") == 1.0, rm.steps().toString());
    assertTrue(Files.readString(Path.of(rm.path(), "config.json")).contains("LlamaForSequenceClassification"));

    WorkerSpec served = new WorkerSpec.Djl(rm.version(), rm.path(), c.models().runtime());
    TableRef rewards = r.execute(new PairRewardStage(corpus, new ModelUse(served, 4, 2), new RewardModelRater()), 0)
        .output();
    List<RewardRow> rows = r.read(rewards).collectAsList().stream().map(RewardRow::fromRow).toList();
    assertEquals(80, rows.size());
    assertTrue(rows.stream().allMatch(x -> x.reward() != null && x.kind().equals(RewardModelRater.KIND)));
    assertEquals(RlaifConfig.RewardModel.Labels.HUMAN, c.rlaif().rewardModel().labelSource());
    assertEquals("djl-reward", rm.trainer());
  }

  @Test
  void theNd4jEngineTrainsTheRewardModelWhenConfigured() throws Exception {
    Path tiny = TinyCheckpoint.write(dir.resolve("tiny-nd4j"), 6);
    TribunalConfig c = new ConfigLoader(k -> null).load(null, List.of("models.checkpoint=" + tiny,
        "models.seed_version=tiny-0", "rlaif.reward_model.labels=human", "rlaif.reward_model.epochs=1",
        "rlaif.reward_model.batch_size=8", "rlaif.reward_model.held_out=0.25", "rlaif.reward_model.trainer=nd4j"));
    StageRunner r = new StageRunner(spark, new RunDirectory(dir.resolve("runs").toString(), "rm-nd4j",
        spark.sparkContext().hadoopConfiguration()), Set.of());
    TableRef corpus = r.execute(new WorldPairsStage(c.world(), 16), 0).output();
    TableRef trained = r.execute(new RewardModelStage(corpus, null, WorkerSpecs.seed(c.models()),
        c.rlaif().rewardModel()), 0).output();
    CheckpointRow rm = CheckpointRow.fromRow(r.read(trained).first());
    assertEquals("nd4j-reward", rm.trainer());
    assertEquals(4.0, rm.metrics().get("heldout/pairs"));
    assertTrue(Files.readString(Path.of(rm.path(), "config.json")).contains("LlamaForSequenceClassification"));

    ConfigException bad = assertThrows(ConfigException.class, () -> new ConfigLoader(k -> null).load(null,
        List.of("rlaif.reward_model.trainer=tpu")));
    assertTrue(bad.getMessage().contains("rlaif.reward_model.trainer"), bad.getMessage());
  }
}
