package dev.tribunal.jobs.config;

import dev.tribunal.worker.train.Objective;
import dev.tribunal.worker.train.TrainingConfig;
import java.io.Serializable;
import java.util.Arrays;

/**
 * Settings handed to the policy trainer (the trainer itself lives with the model runtime). They
 * are checked by the trainer's own rules when the configuration is bound, so a setting the trainer
 * would refuse fails before the first model call rather than at the train stage. The trainer's
 * settings are named as this section's keys, so its refusals name the key as it is.
 *
 * @param trainer the name of the {@code PolicyTrainer} to use, as it registers itself
 * @param objective a preference objective: dpo, ipo, cdpo (label smoothing) or rpo (DPO + NLL),
 *     bound case-insensitively
 * @param labelSmoothing ε of conservative DPO; 0 otherwise
 * @param nllWeight α of RPO; 0 otherwise
 * @param endOfTurn whether chosen and rejected end with the model's end-of-turn token, scored by
 *     ref-logprobs and trained: the model then learns where to stop, and an empty response is a
 *     one-token response rather than nothing. Needs the tokenizer, so not over HTTP.
 */
public record DpoConfig(String trainer, Objective objective, double beta, double labelSmoothing,
    double nllWeight, double learningRate, int epochs, int batchSize, boolean endOfTurn) implements Serializable {
  private static final String KEY = "meta_rewarding.dpo";

  public DpoConfig {
    Check.notBlank(KEY + ".trainer", trainer);
    TrainingConfig training = checkedByTheTrainer(
        builder(objective, beta, labelSmoothing, nllWeight, learningRate, epochs, batchSize));
    preferenceOnly(objective);
    // Bounds the trainer has no opinion on, but no sensible run goes past.
    Check.atMost(KEY + ".beta", beta, 100);
    Check.atMost(KEY + ".nll_weight", nllWeight, 100);
    Check.atMost(KEY + ".learning_rate", learningRate, 1);
    Check.atMost(KEY + ".epochs", epochs, 1000);
    Check.atMost(KEY + ".batch_size", batchSize, 1_000_000);
    for (Objective.Knob knob : Objective.Knob.values()) usedByItsObjective(training, knob);
  }

  /** The trainer's configuration for one iteration: the shuffle order follows the iteration. */
  public TrainingConfig training(long seed) {
    return builder(objective, beta, labelSmoothing, nllWeight, learningRate, epochs, batchSize).seed(seed).build();
  }

  private static TrainingConfig.Builder builder(Objective objective, double beta, double labelSmoothing,
      double nllWeight, double learningRate, int epochs, int batchSize) {
    return TrainingConfig.builder(objective)
        .beta(beta)
        .labelSmoothing(labelSmoothing)
        .nllWeight(nllWeight)
        .learningRate(learningRate)
        .epochs(epochs)
        .batchSize(batchSize);
  }

  /** Builds the trainer's configuration once, so its refusals surface here, under this section's keys. */
  private static TrainingConfig checkedByTheTrainer(TrainingConfig.Builder builder) {
    try {
      return builder.build();
    } catch (TrainingConfig.InvalidException e) {
      throw new ConfigException(KEY + "." + e.field() + ": " + e.problem());
    }
  }

  /** The loop trains on preference pairs; SFT would read only the chosen responses. */
  private static void preferenceOnly(Objective objective) {
    if (!objective.isPreference()) {
      throw Check.notAllowed(KEY + ".objective", objective.id(),
          Arrays.stream(Objective.values()).filter(Objective::isPreference).toArray());
    }
  }

  /**
   * A knob of one objective must be set exactly with it: at 0 that objective is plain DPO under
   * another name, and with another objective the knob would be silently ignored.
   */
  private static void usedByItsObjective(TrainingConfig training, Objective.Knob knob) {
    String key = KEY + "." + knob.key();
    String owner = knob.owner().id();
    double value = knob.valueIn(training);
    if (training.objective().uses(knob) && value == 0) {
      throw new ConfigException(key + ": 0 with objective: " + owner + " would be plain DPO;"
          + " set " + key + " above 0, or use objective: dpo");
    }
    if (!training.objective().uses(knob) && value != 0) {
      throw new ConfigException(key + ": " + value + " is used by objective: " + owner
          + " only, and the objective is " + training.objective().id() + "; set it to 0, or use objective: " + owner);
    }
  }
}
