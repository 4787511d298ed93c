package dev.tribunal.worker.djl.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tribunal.worker.GenerateRequest;
import dev.tribunal.worker.NextTokenRequest;
import dev.tribunal.worker.Prompt;
import dev.tribunal.worker.SamplingParams;
import dev.tribunal.worker.ScoreRequest;
import dev.tribunal.worker.djl.CheckpointWriter;
import dev.tribunal.worker.djl.DjlModelWorker;
import dev.tribunal.worker.djl.LoadedModel;
import dev.tribunal.worker.djl.RuntimeOptions;
import dev.tribunal.worker.djl.checkpoint.Lineage;
import dev.tribunal.worker.djl.checkpoint.LlamaConfig;
import dev.tribunal.worker.djl.inference.Scorer;
import dev.tribunal.worker.djl.model.LlamaModel;
import dev.tribunal.worker.djl.model.LlamaWeights;
import dev.tribunal.worker.djl.tokenizer.EmbeddedTokenizer;
import dev.tribunal.worker.train.Objective;
import dev.tribunal.worker.train.RewardEvaluation;
import dev.tribunal.worker.train.RewardPair;
import dev.tribunal.worker.train.RewardTrainingRequest;
import dev.tribunal.worker.train.RewardTrainingResult;
import dev.tribunal.worker.train.StepMetrics;
import dev.tribunal.worker.train.TrainingConfig;
import dev.tribunal.worker.train.TrainingRun;
import dev.tribunal.worker.train.loss.PairRewards;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reward model trained once on a tiny random base with a separable toy preference (a response
 * containing '#' is preferred, with soft and tied labels mixed in), then checked as a learner,
 * as a Hugging Face checkpoint and as the runtime serves it.
 */
class DjlRewardTrainerTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path tmp;
  static Path base;
  static RewardTrainingRequest request;
  static RewardTrainingResult result;

  @BeforeAll
  static void train() {
    base = TinyTraining.parent(tmp.resolve("base"), 5);
    TrainingConfig config = TrainingConfig.builder(Objective.REWARD).learningRate(5e-3).batchSize(8).epochs(12)
        .seed(11).build();
    request = new RewardTrainingRequest(new TrainingRun(base, tmp.resolve("rm"), tmp.resolve("rm.jsonl"), 1), config,
        TinyTraining.markerPairs(96, 3), 0.25);
    result = new DjlRewardTrainer(Device.cpu()).train(request);
  }

  @Test
  void theToyPreferenceIsLearntAndHoldsOnHeldOutPairs() {
    List<StepMetrics> h = result.history();
    double first = h.get(0).loss();
    double lastEpoch = h.subList(h.size() - 9, h.size()).stream().mapToDouble(StepMetrics::loss).average()
        .orElseThrow();
    System.out.printf("reward toy: loss %.4f -> %.4f (last epoch), held-out accuracy %.3f over %d decisive pairs,"
        + " held-out loss %.4f%n", first, lastEpoch, result.heldOutAccuracy(), result.heldOut().decisive(),
        result.heldOut().loss());
    assertEquals(Math.log(2), first, 0.1, "a small head starts near ln 2");
    assertTrue(lastEpoch < 0.55, "loss " + first + " -> " + lastEpoch);
    assertEquals(24, result.heldOut().pairs());
    assertTrue(result.heldOut().decisive() >= 15, "decisive " + result.heldOut().decisive());
    assertTrue(result.heldOutAccuracy() >= 0.9, "held-out accuracy " + result.heldOutAccuracy());
    assertTrue(h.get(h.size() - 1).rewards().accuracy() >= 0.9, "train accuracy");
    assertEquals(108, result.training().plannedSteps());
  }

  @Test
  void theRuntimeServesTheRewardsTheTrainerMeasured() {
    List<RewardPair> heldOut = request.split().heldOut();
    List<ScoreRequest> asks = new ArrayList<>();
    heldOut.forEach(p -> asks.add(new ScoreRequest(p.prompt(), p.responseA())));
    heldOut.forEach(p -> asks.add(new ScoreRequest(p.prompt(), p.responseB())));
    try (DjlModelWorker w = DjlModelWorker.open("rm-served", result.checkpoint(), "cpu", RuntimeOptions.DEFAULT)) {
      assertTrue(w.capabilities().reward());
      assertFalse(w.capabilities().promptLogprobs());
      List<Double> r = w.reward(asks);
      List<PairRewards> pairs = new ArrayList<>();
      for (int i = 0; i < heldOut.size(); i++) {
        pairs.add(new PairRewards(r.get(i), r.get(heldOut.size() + i), heldOut.get(i).label()));
      }
      RewardEvaluation served = RewardEvaluation.of(pairs);
      assertEquals(result.heldOut().accuracy(), served.accuracy(), 0);
      assertEquals(result.heldOut().loss(), served.loss(), 1e-5);
      assertEquals(r.get(0), w.reward(asks.subList(0, 1)).get(0), 1e-5, "a reward does not depend on its batch");
    }
  }

  /** Rows of different lengths, so each reward is read at a different column of a padded batch. */
  @Test
  void aFreshHeadGivesTheSameRewardsBeforeAndAfterASaveAndLoad() {
    List<int[]> rows =
        List.of(new int[] {2, 43, 44, 7}, new int[] {2, 50, 51, 52, 53, 54, 55, 7}, new int[] {2, 60, 7});
    LlamaConfig config = LlamaConfig.read(base);
    try (LlamaWeights w = LlamaWeights.rewardModel(base, config, 0, Device.cpu(), DataType.FLOAT32, 3, 0.02);
        LlamaWeights again = LlamaWeights.rewardModel(base, config, 0, Device.cpu(), DataType.FLOAT32, 3, 0.02);
        NDManager m = NDManager.newBaseManager()) {
      double[] before = new Scorer(new LlamaModel(w), m, 0, 4096).rewards(rows);
      assertArrayEquals(before, new Scorer(new LlamaModel(again), m, 0, 4096).rewards(rows), 0, "seeded head");
      for (double r : before) assertTrue(Math.abs(r) < 1, "a small head gives small rewards: " + r);
      assertNotEquals(before[0], before[1]);
      Path dir = CheckpointWriter.write(tmp.resolve("fresh-head"), w, CheckpointWriter.tokenizerFrom(base),
          new Lineage(base.toString(), 0, "reward", "none", Map.of()));
      try (LoadedModel loaded = LoadedModel.load("fresh-head", dir, Device.cpu())) {
        assertArrayEquals(before, new Scorer(loaded.model(), m, 0, 4096).rewards(rows), 1e-6);
      }
    }
  }

  @Test
  void aRewardCheckpointTrainsOnWithItsOwnHead() {
    TrainingConfig oneStep = TrainingConfig.builder(Objective.REWARD).learningRate(1e-4).batchSize(16).maxSteps(1)
        .build();
    RewardTrainingResult more = new DjlRewardTrainer(Device.cpu()).train(new RewardTrainingRequest(
        new TrainingRun(result.checkpoint(), tmp.resolve("rm-more"), tmp.resolve("more.jsonl"), 2), oneStep,
        TinyTraining.markerPairs(16, 9), 0));
    assertTrue(more.history().get(0).loss() < Math.log(2) - 0.15, "a fresh head would start near ln 2: "
        + more.history().get(0).loss());
    assertEquals(result.checkpoint().toString(), Lineage.read(more.checkpoint()).parent());
    assertTrue(Double.isNaN(more.heldOutAccuracy()), "nothing held out");
  }

  @Test
  void theCheckpointHasHuggingFacesSequenceClassificationLayout() throws IOException {
    Path dir = result.checkpoint();
    JsonNode config = JSON.readTree(dir.resolve("config.json").toFile());
    assertEquals("LlamaForSequenceClassification", config.path("architectures").path(0).asText());
    assertEquals(1, config.path("architectures").size());
    assertEquals("llama", config.path("model_type").asText());
    assertEquals(1, config.path("num_labels").asInt());
    assertEquals(1, config.path("id2label").size());
    assertEquals(EmbeddedTokenizer.PAD_ID, config.path("pad_token_id").asInt(-1));
    assertNotEquals(EmbeddedTokenizer.END_ID, config.path("pad_token_id").asInt());
    assertEquals(32, config.path("hidden_size").asInt());

    Map<String, List<Long>> expected = new LinkedHashMap<>();
    LlamaWeights.hfShapes(TinyTraining.config()).forEach((k, v) -> expected.put(k, boxed(v)));
    assertTrue(expected.remove("lm_head.weight") != null);
    expected.put("score.weight", List.of(1L, 32L));
    assertEquals(expected, safetensorsShapes(dir.resolve("model.safetensors")));

    assertTrue(Files.exists(dir.resolve("tokenizer.json")) && Files.exists(dir.resolve("tokenizer_config.json")));
    Lineage lineage = Lineage.read(dir);
    assertEquals(base.toString(), lineage.parent());
    assertEquals(1, lineage.iteration());
    assertEquals("reward", lineage.objective());
    assertEquals(RewardPair.fingerprint(request.pairs()), lineage.dataFingerprint());
    assertEquals(result.heldOutAccuracy(), lineage.metrics().get("heldout/accuracy"));
    assertEquals(108.0, lineage.metrics().get("steps"));
    assertEquals(108, Files.readAllLines(request.run().metricsLog()).size());
  }

  @Test
  void eachKindOfCheckpointRefusesTheOthersCalls() {
    try (DjlModelWorker causal = DjlModelWorker.open("rm-base", base, "cpu", RuntimeOptions.DEFAULT)) {
      assertFalse(causal.capabilities().reward());
      UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
          () -> causal.reward(List.of(new ScoreRequest(Prompt.user("q"), "a"))));
      assertEquals("checkpoint rm-base is a language model (LlamaForCausalLM) with no reward head; rewards need a"
          + " reward checkpoint (LlamaForSequenceClassification)", e.getMessage());
    }
    try (DjlModelWorker rm = DjlModelWorker.open("rm-kinds", result.checkpoint(), "cpu", RuntimeOptions.DEFAULT)) {
      UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
          () -> rm.generate(List.of(new GenerateRequest(Prompt.user("q"), SamplingParams.greedy(4)))));
      assertEquals("checkpoint rm-kinds is a reward model (LlamaForSequenceClassification), which answers reward()"
          + " only; generate needs a language model (*ForCausalLM)", e.getMessage());
      assertThrows(UnsupportedOperationException.class,
          () -> rm.score(List.of(new ScoreRequest(Prompt.text("q"), "a"))));
      assertThrows(UnsupportedOperationException.class,
          () -> rm.nextTokenLogprobs(List.of(new NextTokenRequest(Prompt.text("q"), List.of("a")))));
    }
    TrainingConfig reward = TrainingConfig.builder(Objective.REWARD).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DjlTrainer(Device.cpu())
        .train(reward, TinyTraining.sft(2, 1), new TrainingRun(base, tmp.resolve("x"), tmp.resolve("x.jsonl"), 1)));
    assertTrue(e.getMessage().contains("use DjlRewardTrainer"), e.getMessage());
  }

  @Test
  void aClassifierWithSeveralLabelsIsNoRewardModel() {
    String json = "{\"architectures\":[\"LlamaForSequenceClassification\"],\"vocab_size\":105,\"hidden_size\":32,"
        + "\"intermediate_size\":64,\"num_hidden_layers\":1,\"num_attention_heads\":4,"
        + "\"id2label\":{\"0\":\"a\",\"1\":\"b\"}}";
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LlamaConfig.parse(json, "c.json"));
    assertEquals("c.json: LlamaForSequenceClassification with 2 labels is a classifier, not a reward model"
        + " (num_labels must be 1)", e.getMessage());
    assertTrue(LlamaConfig.parse(json.replace(",\"1\":\"b\"", ""), "c.json").isReward());
    LlamaConfig rm = TinyTraining.config().asReward(0);
    assertEquals(rm, LlamaConfig.parse(rm.toJson(), "rm.json"), "config.json round trip");
    assertEquals(rm.asQwen2(), LlamaConfig.parse(rm.asQwen2().toJson(), "rm.json"));
    assertEquals(LlamaConfig.QWEN2_REWARD, rm.asQwen2().architecture());
  }

  @Test
  void aTokenizerThatPadsWithItsEndOfTurnTokenIsRefused() throws IOException {
    Path odd = tmp.resolve("pad-is-end");
    Files.createDirectories(odd);
    for (String f : List.of("config.json", "model.safetensors", "tokenizer.json")) {
      Files.copy(base.resolve(f), odd.resolve(f));
    }
    String config = Files.readString(base.resolve("tokenizer_config.json"));
    Files.writeString(odd.resolve("tokenizer_config.json"), config.replace("\"<pad>\"", "\"<|end|>\""));
    RewardTrainingRequest r = new RewardTrainingRequest(new TrainingRun(odd, tmp.resolve("odd-rm"),
        tmp.resolve("odd.jsonl"), 1), request.config(), TinyTraining.markerPairs(4, 1), 0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new DjlRewardTrainer(Device.cpu()).train(r));
    assertTrue(e.getMessage().contains("pads with its end-of-turn token"), e.getMessage());
    assertFalse(Files.exists(tmp.resolve("odd-rm")));
  }

  /** Tensor names and shapes from a safetensors header, read here rather than through the runtime's reader. */
  static Map<String, List<Long>> safetensorsShapes(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    int headerLength = (int) ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    JsonNode header = JSON.readTree(new String(bytes, 8, headerLength, StandardCharsets.UTF_8));
    Map<String, List<Long>> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().equals("__metadata__")) continue;
      List<Long> shape = new ArrayList<>();
      e.getValue().path("shape").forEach(d -> shape.add(d.asLong()));
      out.put(e.getKey(), shape);
    }
    return out;
  }

  private static List<Long> boxed(long[] shape) {
    List<Long> out = new ArrayList<>();
    for (long d : shape) out.add(d);
    return out;
  }
}
