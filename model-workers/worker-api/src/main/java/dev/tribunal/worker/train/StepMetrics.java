package dev.tribunal.worker.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one optimizer step measured, under TRL's metric names. A skipped step (non-finite loss or
 * gradient) has no loss, rewards or gradient norm.
 *
 * @param step           1-based optimizer step, as Hugging Face's global_step
 * @param epoch          fractional epochs completed after this step
 * @param rewards        null for skipped steps; reward fields NaN for SFT
 * @param gradNorm       the global gradient norm before clipping
 * @param skippedBatches skipped steps so far, this one included
 * @param tokens         prompt and response tokens the policy processed (padding excluded)
 * @param figures        an objective's own figures under their metric names (BOND's
 *                       "forward_nll"), written after the rewards; empty for skipped steps
 */
public record StepMetrics(int step, double epoch, Double loss, RewardStats rewards, Double gradNorm,
    double lr, int skippedBatches, long tokens, double seconds, Map<String, Double> figures) {

  public StepMetrics {
    figures = Map.copyOf(figures);
  }

  /** A step of an objective whose figures are all in its rewards. */
  public StepMetrics(int step, double epoch, Double loss, RewardStats rewards, Double gradNorm, double lr,
      int skippedBatches, long tokens, double seconds) {
    this(step, epoch, loss, rewards, gradNorm, lr, skippedBatches, tokens, seconds, Map.of());
  }

  public boolean skipped() {
    return loss == null;
  }

  /** The JSON object of one metrics line; absent values are left out. */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("step", step);
    m.put("epoch", epoch);
    put(m, "loss", loss);
    if (rewards != null) {
      put(m, "rewards/chosen", rewards.chosen());
      put(m, "rewards/rejected", rewards.rejected());
      put(m, "rewards/accuracies", rewards.accuracy());
      put(m, "rewards/margins", rewards.margin());
      put(m, "logps/chosen", rewards.logpsChosen());
      put(m, "logps/rejected", rewards.logpsRejected());
    }
    new TreeMap<>(figures).forEach((k, v) -> put(m, k, v)); // sorted: Map.copyOf has no order
    put(m, "grad_norm", gradNorm);
    m.put("lr", lr);
    m.put("skipped_batches", skippedBatches);
    m.put("num_tokens", tokens);
    m.put("step_seconds", seconds);
    return m;
  }

  /**
   * A summary for a checkpoint's lineage: the last applied step's metrics, the first applied
   * step's loss (to see what training changed), the step counts, and the mean reward accuracy and
   * margin over the first epoch: before the policy has seen a pair twice, they say whether the
   * preferences were learnable at all (0.5 and 0 are the signature of noisy labels).
   */
  public static Map<String, Double> summary(List<StepMetrics> history) {
    Map<String, Double> s = new LinkedHashMap<>();
    s.put("steps", (double) history.size());
    s.put("skipped_batches", history.isEmpty() ? 0.0 : history.get(history.size() - 1).skippedBatches());
    s.put("num_tokens", (double) history.stream().mapToLong(StepMetrics::tokens).sum());
    List<StepMetrics> applied = history.stream().filter(m -> !m.skipped()).toList();
    if (applied.isEmpty()) return s;
    s.put("loss_first", applied.get(0).loss());
    List<RewardStats> firstEpoch = applied.stream().filter(m -> m.epoch() <= 1 + 1e-9 && m.rewards() != null)
        .map(StepMetrics::rewards).toList();
    put(s, "epoch1/rewards/accuracies", firstEpoch.stream().mapToDouble(RewardStats::accuracy).average());
    put(s, "epoch1/rewards/margins", firstEpoch.stream().mapToDouble(RewardStats::margin).average());
    applied.get(applied.size() - 1).toJson().forEach((k, v) -> {
      if (!k.equals("step") && !k.equals("skipped_batches") && !k.equals("num_tokens") && v instanceof Number n) {
        s.put(k.equals("loss") ? "loss_last" : k, n.doubleValue());
      }
    });
    return s;
  }

  private static void put(Map<String, Double> s, String key, java.util.OptionalDouble mean) {
    if (mean.isPresent() && Double.isFinite(mean.getAsDouble())) s.put(key, mean.getAsDouble());
  }

  private static void put(Map<String, Object> m, String key, Double value) {
    if (value != null && Double.isFinite(value)) m.put(key, value);
  }
}
