package dev.tribunal.jobs.seed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tribunal.jobs.eval.GoldEvaluation;
import dev.tribunal.jobs.world.Example;
import dev.tribunal.worker.Prompt;
import dev.tribunal.worker.ScoreRequest;
import dev.tribunal.worker.ScoreResult;
import dev.tribunal.worker.djl.Checkpoints;
import dev.tribunal.worker.djl.DjlModelWorker;
import dev.tribunal.worker.djl.Engines;
import dev.tribunal.worker.djl.RuntimeOptions;
import dev.tribunal.worker.djl.checkpoint.Lineage;
import dev.tribunal.worker.djl.tokenizer.ModelTokenizer;
import dev.tribunal.worker.djl.tokenizer.TrainingData;
import dev.tribunal.worker.train.Objective;
import dev.tribunal.worker.train.Schedule;
import dev.tribunal.worker.train.TrainingConfig;
import dev.tribunal.worker.train.TrainingExample;
import dev.tribunal.worker.train.TrainingRun;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seed pipeline on a tiny model: a few seconds of training, not a useful model. */
class SeedBuilderTest {
  private static final SeedConfig TINY = SeedConfig.defaults()
      .withArchitecture(new SeedConfig.Architecture(32, 2, 4, 2, 64, 512))
      .withMix(new SeedConfig.Mix(24, 12, 6))
      .withPhases(new SeedConfig.Phase(3, 4, 1, 1e-2, 0), new SeedConfig.Phase(6, 1, 4, 1e-2, 0))
      .withFeedback(new SeedConfig.Phase(2, 1, 4, 1e-2, 0), new SeedConfig.Feedback(4, 2, 1.0, 2, 2, 2, 1, 1))
      .withEvaluation(new GoldEvaluation.Sizes(3, 2, 1));
  private static final SeedConfig NO_FEEDBACK = TINY.withFeedback(new SeedConfig.Phase(0, 1, 4, 1e-2, 0),
      TINY.feedback());

  @TempDir Path tmp;

  @Test
  void aFewStepsOfSftLowerTheLossOnSeedData() {
    Path init = Checkpoints.random(tmp.resolve("init"), TINY.architecture().llama(), 3,
        new Lineage(null, 0, "init", "none", Map.of()));
    List<Example> examples = SeedMix.phases(SeedMix.world(TINY), TINY).mixed();
    List<TrainingExample> tokens;
    try (ModelTokenizer tok = ModelTokenizer.load(init)) {
      tokens = SeedMix.tokens(examples, new TrainingData(tok));
    }
    TrainingConfig config = TrainingConfig.builder(Objective.SFT).learningRate(1e-2).schedule(Schedule.CONSTANT)
        .batchSize(1).gradAccumulation(4).maxSteps(12).seed(3).build();
    Path trained = Engines.trainer("cpu")
        .train(config, tokens, new TrainingRun(init, tmp.resolve("trained"), tmp.resolve("m.jsonl"), 0)).checkpoint();
    double before = replyLoss(init, examples);
    double after = replyLoss(trained, examples);
    assertTrue(after < 0.75 * before, "reply loss per character " + before + " -> " + after);
  }

  @Test
  void buildsACompleteCheckpointWithLineageAndCardThenRefusesToOverwriteIt() throws Exception {
    Path out = tmp.resolve("models").resolve("seed");
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    SeedBuilder.Result r = new SeedBuilder(TINY, "cpu", new PrintStream(progress, true, StandardCharsets.UTF_8)).build(out);
    assertEquals(out, r.checkpoint());
    for (String file : List.of("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json",
        "lineage.json", "MODEL_CARD.md")) {
      assertTrue(Files.isRegularFile(out.resolve(file)), file);
    }
    assertTrue(safetensorsDtypes(out.resolve("model.safetensors")).stream().allMatch("F16"::equals));
    Lineage lineage = Lineage.read(out);
    assertNull(lineage.parent());
    assertEquals("sft", lineage.objective());
    assertEquals(2.0, lineage.metrics().get("steps"));
    assertEquals(3.0, lineage.metrics().get("instruction_phase/steps"));
    assertEquals(6.0, lineage.metrics().get("mixed_phase/steps"));
    assertEquals(List.of("instruction", "mixed", "feedback"), r.phases().stream().map(SeedBuilder.PhaseRun::name).toList());
    assertEquals(3.0, lineage.metrics().get("gold/actor/prompts"));
    assertEquals(r.figures().actor().meanGoldScore(), lineage.metrics().get("gold/actor/mean_score"));
    String card = Files.readString(out.resolve("MODEL_CARD.md"));
    assertTrue(card.contains(String.format("%,d", Checkpoints.parameterCount(TINY.architecture().llama()))), card);
    assertTrue(card.contains("| instruction | 12 | 24 |"), card);
    assertTrue(card.contains("| 6 × 4 (one at a time"), card);
    assertTrue(card.contains("| pairwise label | 0 | 0 |"), card);
    assertTrue(progress.toString(StandardCharsets.UTF_8).contains("step 6/6"), progress.toString(StandardCharsets.UTF_8));
    assertTrue(progress.toString(StandardCharsets.UTF_8).contains("[seed feedback] step 2/2"),
        progress.toString(StandardCharsets.UTF_8));
    try (Stream<Path> left = Files.list(out.getParent())) {
      assertEquals(List.of(out), left.toList(), "the work directory is removed");
    }
    assertThrows(IllegalArgumentException.class, () -> new SeedBuilder(TINY, "cpu", System.err).build(out));
  }

  @Test
  void continuesACheckpointOfTheFirstPhasesWithTheFeedbackPhaseAlone() throws Exception {
    Path first = tmp.resolve("first");
    SeedBuilder.Result before = new SeedBuilder(NO_FEEDBACK, "cpu", System.err).build(first);
    assertEquals(List.of("instruction", "mixed"), before.phases().stream().map(SeedBuilder.PhaseRun::name).toList());
    Path out = tmp.resolve("continued");
    SeedBuilder.Result r = new SeedBuilder(TINY, "cpu", System.err).build(out, first);
    assertEquals(List.of("feedback"), r.phases().stream().map(SeedBuilder.PhaseRun::name).toList());
    Lineage lineage = Lineage.read(out);
    assertEquals(2.0, lineage.metrics().get("steps"));
    assertEquals(6.0, lineage.metrics().get("before_feedback/steps"), "the continued checkpoint's figures are kept");
    assertTrue(!lineage.dataFingerprint().equals(Lineage.read(first).dataFingerprint()));
    String card = Files.readString(out.resolve("MODEL_CARD.md"));
    assertTrue(card.contains("## Before the feedback phase"), card);
    assertTrue(card.contains("### Training data"), card);
    assertTrue(card.contains("| instruction | 12 | 24 |"), "the continued checkpoint's own data table: " + card);
    assertThrows(IllegalArgumentException.class,
        () -> new SeedBuilder(NO_FEEDBACK, "cpu", System.err).build(tmp.resolve("nothing"), first),
        "without a feedback phase there is nothing to continue with");
  }

  /** Mean negative log-likelihood per reply character under a checkpoint. */
  private static double replyLoss(Path checkpoint, List<Example> examples) {
    try (DjlModelWorker worker = DjlModelWorker.open("probe-" + UUID.randomUUID(), checkpoint, "cpu",
        RuntimeOptions.DEFAULT)) {
      List<ScoreResult> scores = worker.score(examples.stream()
          .map(e -> new ScoreRequest(Prompt.user(e.user()), e.assistant())).toList());
      double nll = 0;
      long chars = 0;
      for (int i = 0; i < examples.size(); i++) {
        nll -= scores.get(i).sum();
        chars += examples.get(i).assistant().length();
      }
      return nll / chars;
    }
  }

  private static List<String> safetensorsDtypes(Path file) throws Exception {
    byte[] bytes = Files.readAllBytes(file);
    long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    JsonNode header = new ObjectMapper().readTree(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8));
    return header.properties().stream().filter(e -> !e.getKey().equals("__metadata__"))
        .map(e -> e.getValue().path("dtype").asText()).toList();
  }
}
