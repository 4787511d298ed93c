package dev.tribunal.worker.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tribunal.worker.train.loss.PairLogps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StepMetricsTest {

  @Test
  void rewardsAsTrlDefinesThem() {
    // pair 1: chosen ratio 2, rejected ratio −2; pair 2: chosen ratio −1, rejected ratio 0 (a loss)
    RewardStats r = RewardStats.of(List.of(new PairLogps(-10, -12, 4, -15, -13, 8),
        new PairLogps(-5, -4, 2, -6, -6, 3)), 0.1);
    assertEquals((0.2 - 0.1) / 2, r.chosen(), 1e-15);
    assertEquals((-0.2 + 0) / 2, r.rejected(), 1e-15);
    assertEquals(0.5, r.accuracy(), 0);
    assertEquals((0.4 - 0.1) / 2, r.margin(), 1e-15);
    assertEquals(-7.5, r.logpsChosen(), 0);
    assertEquals(-10.5, r.logpsRejected(), 0);
  }

  @Test
  void jsonLinesUseTrlNamesAndLeaveOutWhatIsAbsent(@TempDir Path tmp) throws Exception {
    RewardStats r = new RewardStats(0.2, -0.2, 1, 0.4, -10, -15);
    Path file = tmp.resolve("logs/metrics.jsonl");
    try (MetricsLog log = new MetricsLog(file)) {
      log.write(new StepMetrics(1, 0.5, 0.51, r, 1.7, 1e-6, 0, 300, 0.1));
      log.write(new StepMetrics(2, 1.0, null, null, null, 1e-6, 1, 0, 0.05));
    }
    List<String> lines = Files.readAllLines(file);
    assertEquals(2, lines.size());
    JsonNode first = new ObjectMapper().readTree(lines.get(0));
    for (String k : List.of("loss", "rewards/chosen", "rewards/rejected", "rewards/accuracies", "rewards/margins",
        "logps/chosen", "logps/rejected", "grad_norm", "lr", "skipped_batches")) {
      assertTrue(first.has(k), k);
    }
    assertEquals(0.4, first.get("rewards/margins").asDouble(), 0);
    JsonNode skipped = new ObjectMapper().readTree(lines.get(1));
    assertFalse(skipped.has("loss"));
    assertFalse(skipped.has("grad_norm"));
    assertEquals(1, skipped.get("skipped_batches").asInt());
  }

  @Test
  void anObjectivesFiguresGoToTheLineAndTheSummary() {
    StepMetrics m = new StepMetrics(1, 1.0, -0.25, null, 1.0, 1e-6, 0, 10, 0.1,
        Map.of("forward_nll", 3.0, "backward_mean_reward", Double.NaN));
    assertEquals(3.0, m.toJson().get("forward_nll"));
    assertFalse(m.toJson().containsKey("backward_mean_reward"), "non-finite figures are left out");
    assertFalse(m.toJson().containsKey("rewards/chosen"));
    assertEquals(3.0, StepMetrics.summary(List.of(m)).get("forward_nll"));
  }

  @Test
  void summaryKeepsFirstAndLastLoss() {
    RewardStats r = new RewardStats(0.2, -0.2, 1, 0.4, -10, -15);
    Map<String, Double> s = StepMetrics.summary(List.of(new StepMetrics(1, 0.5, 0.69, r, 1.0, 1e-6, 0, 100, 0.1),
        new StepMetrics(2, 1.0, 0.40, r, 1.0, 1e-6, 0, 100, 0.1),
        new StepMetrics(3, 1.5, null, null, null, 1e-6, 1, 0, 0.1)));
    assertEquals(0.69, s.get("loss_first"));
    assertEquals(0.40, s.get("loss_last"));
    assertEquals(3.0, s.get("steps"));
    assertEquals(1.0, s.get("skipped_batches"));
    assertEquals(200.0, s.get("num_tokens"));
    assertEquals(0.4, s.get("rewards/margins"));
  }

  @Test
  void summaryAveragesTheFirstEpochsRewardAccuracyAndMargin() {
    RewardStats early = new RewardStats(0.1, 0.0, 0.5, 0.1, -10, -11);
    RewardStats later = new RewardStats(0.3, -0.1, 1.0, 0.4, -9, -12);
    Map<String, Double> s = StepMetrics.summary(List.of(new StepMetrics(1, 0.5, 0.69, early, 1.0, 1e-6, 0, 100, 0.1),
        new StepMetrics(2, 1.0, 0.60, later, 1.0, 1e-6, 0, 100, 0.1),
        new StepMetrics(3, 1.5, 0.30, later, 1.0, 1e-6, 0, 100, 0.1)));
    assertEquals(0.75, s.get("epoch1/rewards/accuracies"), 1e-12);
    assertEquals(0.25, s.get("epoch1/rewards/margins"), 1e-12);
    assertEquals(1.0, s.get("rewards/accuracies"), 1e-12);
  }
}
