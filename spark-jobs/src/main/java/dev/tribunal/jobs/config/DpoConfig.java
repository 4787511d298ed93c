package dev.tribunal.jobs.config;

import java.io.Serializable;
import java.util.Locale;
import java.util.Set;

/**
 * Settings handed to the policy trainer (the trainer itself lives with the model runtime).
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

  public DpoConfig {
    Check.notBlank("meta_rewarding.dpo.trainer", trainer);
    objective = objective == null ? null : objective.toLowerCase(Locale.ROOT);
    if (!OBJECTIVES.contains(objective)) {
      throw new ConfigException("meta_rewarding.dpo.objective: '" + objective
          + "' is not allowed; allowed [cdpo, dpo, ipo, rpo]");
    }
    if (!(beta > 0) || beta > 100) {
      throw new ConfigException("meta_rewarding.dpo.beta: " + beta + " is out of range; allowed above 0 to 100");
    }
    Check.range("meta_rewarding.dpo.label_smoothing", labelSmoothing, 0.0, 0.5);
    Check.range("meta_rewarding.dpo.nll_weight", nllWeight, 0.0, 100.0);
    if (!(learningRate > 0) || learningRate > 1) {
      throw new ConfigException("meta_rewarding.dpo.learning_rate: " + learningRate
          + " is out of range; allowed above 0 to 1");
    }
    Check.range("meta_rewarding.dpo.epochs", epochs, 1, 1000);
    Check.range("meta_rewarding.dpo.batch_size", batchSize, 1, 1_000_000);
  }
}
