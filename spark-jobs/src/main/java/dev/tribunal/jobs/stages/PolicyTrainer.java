package dev.tribunal.jobs.stages;

import dev.tribunal.jobs.config.DpoConfig;
import dev.tribunal.jobs.stages.worker.WorkerSpec;
import dev.tribunal.schemas.PreferencePairRow;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Trains the next policy on the driver from preference pairs with precomputed reference
 * log-probs, and writes it as an immutable checkpoint. Implementations register themselves with
 * {@link java.util.ServiceLoader} (META-INF/services/dev.tribunal.jobs.stages.PolicyTrainer) and are
 * chosen by {@link #name()} (meta_rewarding.dpo.trainer).
 */
public interface PolicyTrainer {

  String name();

  Checkpoint train(Request request);

  /**
   * One training step of the loop.
   *
   * @param policy M_t, the weights to start from
   * @param reference the model whose log-probs the pairs carry
   * @param pairs actor and judge pairs, each with ref_chosen_logp and ref_rejected_logp
   * @param outputDir a fresh directory of the run the checkpoint may be written to
   */
  record Request(int iteration, WorkerSpec policy, WorkerSpec reference, DpoConfig dpo,
      List<PreferencePairRow> pairs, String outputDir) {
    public Request {
      pairs = List.copyOf(pairs);
    }
  }

  /** M_{t+1}: its version name, where its checkpoint is, and the training metrics to record. */
  record Checkpoint(String version, String path, Map<String, Double> metrics) {
    public Checkpoint {
      if (version == null || version.isBlank()) throw new IllegalArgumentException("trained checkpoint has no version");
      Objects.requireNonNull(path, "trained checkpoint path");
      metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    }
  }
}
