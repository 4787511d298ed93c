package dev.tribunal.jobs.stages.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tribunal.jobs.config.ConfigLoader;
import dev.tribunal.jobs.config.TribunalConfig;
import dev.tribunal.jobs.stages.DjlPolicyTrainer;
import dev.tribunal.worker.ChatMessage;
import dev.tribunal.worker.djl.RuntimeOptions;
import dev.tribunal.worker.http.HttpModelWorker;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerSpecTest {
  private static TribunalConfig config(String... overrides) {
    return new ConfigLoader(Map.<String, String>of()::get).load(null, List.of(overrides));
  }

  @Test
  void aNewVersionReplacesTheCheckpointOnlyWhereThereIsOne() {
    WorkerSpec.Djl djl = (WorkerSpec.Djl) WorkerSpecs.seed(config().models());
    assertEquals("djl", djl.backend());
    assertEquals("seed", djl.modelVersion());
    WorkerSpec.Djl next = djl.forVersion("M1", "/runs/r/models/iter=1");
    assertEquals("/runs/r/models/iter=1", next.checkpoint());
    assertEquals(64, next.options().maxBatchSequences());

    WorkerSpec http = WorkerSpecs.seed(config("models.backend=http", "meta_rewarding.dpo.end_of_turn=false", "models.seed_version=tribunal-seed").models());
    assertEquals("http/vllm", http.backend());
    WorkerSpec served = http.forVersion("tribunal-m1", "/runs/r/models/iter=1");
    assertEquals("tribunal-m1", served.modelVersion());
    assertEquals("/runs/r/models/iter=1", ((WorkerSpec.Http) served).checkpoint(), "where the trainer wrote it");
    assertEquals("tribunal-m1", ((WorkerSpec.Http) served).config().model(), "the served model is the version");
    assertEquals(((WorkerSpec.Http) http).config().baseUrl(), ((WorkerSpec.Http) served).config().baseUrl());

    WorkerSpec.Plugin plugin = new WorkerSpec.Plugin("a.FakeWorkerFactory", Map.of("x", "1"), "M0");
    assertFalse(plugin.forVersion("M1", "/c").params().containsKey(WorkerSpec.Plugin.CHECKPOINT),
        "a plug-in without a checkpoint gets none");
    assertEquals("/c", new WorkerSpec.Plugin("a.B", Map.of(WorkerSpec.Plugin.CHECKPOINT, "/b"), "M0")
        .forVersion("M1", "/c").param(WorkerSpec.Plugin.CHECKPOINT));
  }

  @Test
  void aServedModelTakesTheChatTemplateAndWeightsOfItsLocalCheckpointWhereThereIsOne(@TempDir Path dir) throws Exception {
    Path seed = Path.of("..", "models", "seed").toAbsolutePath().normalize();
    WorkerSpec.Http http = WorkerSpecs.served(config("models.backend=http", "meta_rewarding.dpo.end_of_turn=false",
        "models.checkpoint=" + seed).models());
    assertEquals(seed.toString(), http.checkpoint());
    assertEquals("<s><|user|>\nq<|end|>\n<|assistant|>\n",
        http.config().chatTemplate().render(List.of(new ChatMessage("user", "q")), true), "the seed's own template");
    WorkerSpec.Http next = http.forVersion("M1-x", "/runs/r/models/iter=1");
    assertEquals(http.config().chatTemplate(), next.config().chatTemplate(), "a trained version keeps the template");
    new ObjectOutputStream(new ByteArrayOutputStream()).writeObject(next);

    WorkerSpec.Http remote = WorkerSpecs.served(config("models.backend=http", "meta_rewarding.dpo.end_of_turn=false",
        "models.checkpoint=" + dir.resolve("absent")).models());
    assertNull(remote.checkpoint());
    assertNull(remote.config().chatTemplate());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DjlPolicyTrainer.checkpoint(remote));
    assertTrue(e.getMessage().contains("set models.checkpoint to the checkpoint directory the server serves as seed"),
        e.getMessage());
  }

  @Test
  void specsAreSmallSerializableValuesAndRefuseBlanks() throws Exception {
    WorkerSpec.Plugin spec = new WorkerSpec.Plugin("a.B", Map.of("x", "1"), "M0");
    ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream());
    out.writeObject(spec);
    out.writeObject(WorkerSpecs.seed(config().models()));
    out.writeObject(WorkerSpecs.seed(config("models.backend=http", "meta_rewarding.dpo.end_of_turn=false").models()));
    assertEquals(spec, new WorkerSpec.Plugin("a.B", new java.util.HashMap<>(Map.of("x", "1")), "M0"));
    assertThrows(IllegalArgumentException.class, () -> new WorkerSpec.Plugin("", Map.of(), "M0"));
    assertThrows(IllegalArgumentException.class, () -> new WorkerSpec.Plugin("a.B", Map.of(), " "));
    assertThrows(IllegalArgumentException.class, () -> new WorkerSpec.Djl("M0", " ", RuntimeOptions.DEFAULT));
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> spec.param("y"));
    assertTrue(missing.getMessage().contains("'y' is missing"));
  }

  @Test
  void theHttpFactoryBuildsASharedClientForTheServedVersion() {
    WorkerSpec.Http http = (WorkerSpec.Http) WorkerSpecs.seed(config("models.backend=http", "meta_rewarding.dpo.end_of_turn=false", "models.seed_version=served-m0",
        "models.http.base_url=http://gpu-node:8000").models());
    HttpWorkerFactory factory = new HttpWorkerFactory();
    assertEquals(WorkerFactory.Sharing.SHARED, factory.sharing());
    try (var worker = (HttpModelWorker) factory.create(http, "cpu")) {
      assertEquals("served-m0", worker.modelVersion());
      assertEquals("http://gpu-node:8000", worker.config().baseUrl().toString());
      assertEquals("vllm", worker.config().backend().name());
    }
    WorkerSpec.Http keyed = (WorkerSpec.Http) WorkerSpecs.seed(config("models.backend=http", "meta_rewarding.dpo.end_of_turn=false", "models.http.api_key_env=TRIBUNAL_UNSET_KEY_VAR").models());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> factory.create(keyed, "cpu"));
    assertTrue(e.getMessage().contains("TRIBUNAL_UNSET_KEY_VAR is not set"), e.getMessage());
  }

  @Test
  void aModelCallFailureIsFoundInsideSparksJobFailure() {
    ModelCallException inner = new ModelCallException("judge", "http/vllm", "M3", "generate",
        new IllegalStateException("503 Service Unavailable"));
    RuntimeException job = new RuntimeException("Job aborted", new RuntimeException("task failed", inner));
    assertEquals(inner, dev.tribunal.jobs.run.StageFailure.in(job).orElseThrow());
    assertTrue(dev.tribunal.jobs.run.StageFailure.in(new RuntimeException("other")).isEmpty());
    assertEquals("stage 'judge': generate on backend 'http/vllm' (model M3) failed: IllegalStateException: "
        + "503 Service Unavailable", inner.getMessage());
    ModelCallException driverSide = (ModelCallException) inner.onDriver(job);
    assertEquals(job, driverSide.getCause());
    assertEquals("judge", driverSide.stage());
    assertEquals(inner.getMessage(), driverSide.getMessage());
  }
}
