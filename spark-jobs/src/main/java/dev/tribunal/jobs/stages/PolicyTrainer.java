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
   * @param pairs actor and judge pairs, each with ref_chosen_logp and ref_rejected_logp scored by
   *     {@code reference}: DPO's loss compares the policy against the model that scored them, so
   *     log-probs of another model would train towards the wrong target without any error
   * @param outputDir a local directory to write the checkpoint to: absent, its parent the trainer's
   *     (a metrics log may go beside it as {@code <outputDir>.metrics.jsonl}); the stage commits
   *     it to the run's file system afterwards
   */
  record Request(int iteration, WorkerSpec policy, WorkerSpec reference, DpoConfig dpo,
      List<PreferencePairRow> pairs, String outputDir) {
    public Request {
      pairs = List.copyOf(pairs);
      pairs.forEach(p -> scoredBy(p, reference));
    }

    private static void scoredBy(PreferencePairRow pair, WorkerSpec reference) {
      if (!pair.hasReference()) {
        throw new IllegalArgumentException("pair " + pair.pairId() + " has no reference log-probs; run ref-logprobs first");
      }
      if (!pair.refModelVersion().equals(reference.modelVersion())) {
        throw new IllegalArgumentException("pair " + pair.pairId() + " carries reference log-probs of "
            + pair.refModelVersion() + ", but training was given reference " + reference.modelVersion()
            + "; rerun with --redo ref-logprobs to score the pairs with it");
      }
    }
  }

  /**
   * M_{t+1}: its version name, where its checkpoint is, the training metrics to record, and the
   * figures of each optimizer step ({@link TrainingSteps}; the run's report draws them).
   */
  record Checkpoint(String version, String path, Map<String, Double> metrics, List<Map<String, Double>> steps) {
    public Checkpoint {
      if (version == null || version.isBlank()) throw new IllegalArgumentException("trained checkpoint has no version");
      Objects.requireNonNull(path, "trained checkpoint path");
      metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
      steps = steps == null ? List.of() : steps.stream().<Map<String, Double>>map(Map::copyOf).toList();
    }

    /** A trainer that reports no per-step figures. */
    public Checkpoint(String version, String path, Map<String, Double> metrics) {
      this(version, path, metrics, List.of());
    }

    /** The same checkpoint where it was committed. */
    public Checkpoint at(String committed) {
      return new Checkpoint(version, committed, metrics, steps);
    }
  }
}
