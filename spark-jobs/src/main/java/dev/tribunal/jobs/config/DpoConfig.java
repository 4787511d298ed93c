package dev.tribunal.jobs.config;

import dev.tribunal.worker.train.Objective;
import dev.tribunal.worker.train.TrainingConfig;
import java.io.Serializable;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Settings handed to the policy trainer (the trainer itself lives with the model runtime). They
 * are checked by the trainer's own rules when the configuration is bound, so a setting the trainer
 * would refuse fails before the first model call rather than at the train stage.
 *
 * @param trainer the name of the {@code PolicyTrainer} to use, as it registers itself
 * @param objective dpo, ipo, cdpo (conservative, label smoothing) or rpo (DPO + NLL)
 * @param labelSmoothing ε of conservative DPO; 0 otherwise
 * @param nllWeight α of RPO; 0 otherwise
 * @param endOfTurn whether chosen and rejected end with the model's end-of-turn token, scored by
 *     ref-logprobs and trained: the model then learns where to stop, and an empty response is a
 *     one-token response rather than nothing. Needs the tokenizer, so not over HTTP.
 */
public record DpoConfig(String trainer, String objective, double beta, double labelSmoothing,
    double nllWeight, double learningRate, int epochs, int batchSize, boolean endOfTurn) implements Serializable {
  public static final Set<String> OBJECTIVES = Set.of("dpo", "ipo", "cdpo", "rpo");
  private static final String KEY = "meta_rewarding.dpo";
  /** The trainer's name of each setting this section hands it, and the key it has here. */
  private static final Map<String, String> KEYS = Map.of("beta", "beta", "label_smoothing", "label_smoothing",
      "rpo_alpha", "nll_weight", "learning_rate", "learning_rate", "epochs", "epochs", "batch_size", "batch_size");

  public DpoConfig {
    Check.notBlank(KEY + ".trainer", trainer);
    objective = objective == null ? null : objective.toLowerCase(Locale.ROOT);
    if (!OBJECTIVES.contains(objective)) {
      throw new ConfigException(KEY + ".objective: '" + objective + "' is not allowed; allowed [cdpo, dpo, ipo, rpo]");
    }
    checkedByTheTrainer(objective, beta, labelSmoothing, nllWeight, learningRate, epochs, batchSize);
    // Bounds the trainer has no opinion on, but no sensible run goes past.
    Check.atMost(KEY + ".beta", beta, 100);
    Check.atMost(KEY + ".nll_weight", nllWeight, 100);
    Check.atMost(KEY + ".learning_rate", learningRate, 1);
    Check.atMost(KEY + ".epochs", epochs, 1000);
    Check.atMost(KEY + ".batch_size", batchSize, 1_000_000);
    usedByItsObjective(objective, "cdpo", "label_smoothing", labelSmoothing);
    usedByItsObjective(objective, "rpo", "nll_weight", nllWeight);
  }

  /** The trainer's configuration for one iteration: the shuffle order follows the iteration. */
  public TrainingConfig training(long seed) {
    return builder(objective, beta, labelSmoothing, nllWeight, learningRate, epochs, batchSize).seed(seed).build();
  }

  private static TrainingConfig.Builder builder(String objective, double beta, double labelSmoothing,
      double nllWeight, double learningRate, int epochs, int batchSize) {
    return TrainingConfig.builder(Objective.parse(objective))
        .beta(beta)
        .labelSmoothing(labelSmoothing)
        .rpoAlpha(nllWeight)
        .learningRate(learningRate)
        .epochs(epochs)
        .batchSize(batchSize);
  }

  /** Builds the trainer's configuration once, so its refusals surface here, under this section's keys. */
  private static void checkedByTheTrainer(String objective, double beta, double labelSmoothing,
      double nllWeight, double learningRate, int epochs, int batchSize) {
    try {
      builder(objective, beta, labelSmoothing, nllWeight, learningRate, epochs, batchSize).build();
    } catch (TrainingConfig.InvalidException e) {
      String key = KEYS.containsKey(e.field()) ? KEY + "." + KEYS.get(e.field()) : KEY + " (trainer's " + e.field() + ")";
      throw new ConfigException(key + ": " + e.problem());
    }
  }

  /**
   * A knob of one objective must be set exactly with it: at 0 that objective is plain DPO under
   * another name, and with another objective the knob would be silently ignored.
   */
  private static void usedByItsObjective(String objective, String owner, String knob, double value) {
    if (objective.equals(owner) && value == 0) {
      throw new ConfigException(KEY + "." + knob + ": 0 with objective: " + owner + " would be plain DPO;"
          + " set " + KEY + "." + knob + " above 0, or use objective: dpo");
    }
    if (!objective.equals(owner) && value != 0) {
      throw new ConfigException(KEY + "." + knob + ": " + value + " is used by objective: " + owner
          + " only, and the objective is " + objective + "; set it to 0, or use objective: " + owner);
    }
  }
}
