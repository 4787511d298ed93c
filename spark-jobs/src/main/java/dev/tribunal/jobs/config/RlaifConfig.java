package dev.tribunal.jobs.config;

import java.util.List;

/**
 * AI preference labels for a corpus (spec section 2): how the labeling prompt is built and read.
 *
 * @param method pairwise (a label per pair, 2.2) or direct (a rating per response, 2.5)
 * @param preamble base, detailed, or the preamble text itself
 * @param exemplars a JSON Lines file of few-shot exemplars (empty: none), read when labeling starts
 * @param ending the text after which the label token is read, e.g. "Preferred Response="
 * @param labelTokens the tokens naming response 1 and response 2, each one token of the model
 * @param bothOrders score both orders and average them (and measure position bias)
 * @param chainOfThought decode a rationale first, then read the label after it
 * @param rationaleRequest what replaces the ending to ask for the rationale
 * @param selfConsistency rationales per order; above 1 they are sampled and their labels averaged
 * @param rationale how rationales are decoded (temperature 0: greedy)
 * @param promptForm text (sent as it is) or chat (one user turn in the model's chat template)
 * @param direct direct RLAIF's rating prompt and scale
 * @param rewardModel the distilled reward model's training
 * @param batchPairs pairs per model call
 * @param partitions partitions of the label stage; 0 takes spark.sql.shuffle.partitions
 */
public record RlaifConfig(String method, String preamble, String exemplars, String ending, List<String> labelTokens,
    boolean bothOrders, boolean chainOfThought, String rationaleRequest, int selfConsistency,
    SamplingConfig rationale, String promptForm, Direct direct, RewardModel rewardModel, int batchPairs,
    int partitions) {
  public enum PromptForm {
    TEXT, CHAT;

    /** The text as the model receives it: as it is, or as one user turn of its chat template. */
    public dev.tribunal.worker.Prompt toWorker(String text) {
      return this == CHAT ? dev.tribunal.worker.Prompt.user(text) : dev.tribunal.worker.Prompt.text(text);
    }
  }

  public enum Method { PAIRWISE, DIRECT }

  public RlaifConfig {
    Check.oneOf("rlaif.method", method, Method.class);
    Check.notBlank("rlaif.preamble", preamble);
    exemplars = exemplars == null ? "" : exemplars;
    Check.notBlank("rlaif.ending", ending);
    labelTokens = labelTokens == null ? List.of() : List.copyOf(labelTokens);
    if (labelTokens.size() != 2 || labelTokens.stream().anyMatch(t -> t == null || t.isEmpty())
        || labelTokens.get(0).equals(labelTokens.get(1))) {
      throw new ConfigException("rlaif.label_tokens: needs two different non-empty tokens (response 1's, response 2's),"
          + " but is " + labelTokens);
    }
    Check.notBlank("rlaif.rationale_request", rationaleRequest);
    Check.range("rlaif.self_consistency", selfConsistency, 1, 64);
    Check.notNull("rlaif.rationale", rationale);
    rationale.check("rlaif.rationale");
    if (selfConsistency > 1 && rationale.temperature() == 0) {
      throw new ConfigException("rlaif.self_consistency: " + selfConsistency + " rationales decoded greedily would all be"
          + " the same; set rlaif.rationale.temperature above 0 (the paper samples at 1.0)");
    }
    if (selfConsistency > 1 && !chainOfThought) {
      throw new ConfigException("rlaif.self_consistency: samples rationales, so it needs rlaif.chain_of_thought: true");
    }
    Check.oneOf("rlaif.prompt_form", promptForm, PromptForm.class);
    Check.notNull("rlaif.direct", direct);
    Check.notNull("rlaif.reward_model", rewardModel);
    Check.range("rlaif.batch_pairs", batchPairs, 1, 1_000_000);
    Check.range("rlaif.partitions", partitions, 0, 1_000_000);
  }

  /**
   * Direct RLAIF's rating prompt, with slots {context} and {response}, and the rating scale; each
   * rating from min_score to max_score must be one token of the labeler.
   */
  public record Direct(String template, int minScore, int maxScore) {
    public Direct {
      try {
        dev.tribunal.jobs.rlaif.DirectScore.of(template, minScore, maxScore, PromptForm.TEXT);
      } catch (IllegalArgumentException | NullPointerException e) {
        throw new ConfigException("rlaif.direct: " + e.getMessage());
      }
    }

    public dev.tribunal.jobs.rlaif.DirectScore rating(PromptForm form) {
      return dev.tribunal.jobs.rlaif.DirectScore.of(template, minScore, maxScore, form);
    }
  }

  /**
   * The distilled reward model (spec 2.6): the labeler's body with a scalar head, trained on the
   * driver with the soft Bradley-Terry loss.
   *
   * @param labels ai (iter=0/ai_labels, from tribunal label) or human (the corpus's own labels)
   * @param heldOut the share of pairs held out to measure the model's pairwise accuracy
   */
  public record RewardModel(String trainer, String labels, double learningRate, int epochs, int batchSize,
      double heldOut, long seed) {
    public enum Labels { AI, HUMAN }

    /** The engine that trains the reward model, named as the policy trainers name theirs. */
    public enum Trainer { DJL, ND4J }

    public RewardModel {
      Check.oneOf("rlaif.reward_model.trainer", trainer, Trainer.class);
      Check.oneOf("rlaif.reward_model.labels", labels, Labels.class);
      Check.range("rlaif.reward_model.learning_rate", learningRate, 1e-9, 1.0);
      Check.range("rlaif.reward_model.epochs", epochs, 1, 1000);
      Check.range("rlaif.reward_model.batch_size", batchSize, 1, 1_000_000);
      if (!(heldOut >= 0 && heldOut < 1)) {
        throw new ConfigException("rlaif.reward_model.held_out: " + heldOut + " is out of range; allowed 0 to below 1");
      }
    }

    public Trainer engine() {
      return Check.oneOf("rlaif.reward_model.trainer", trainer, Trainer.class);
    }

    public Labels labelSource() {
      return Check.oneOf("rlaif.reward_model.labels", labels, Labels.class);
    }

    public dev.tribunal.worker.train.TrainingConfig training() {
      try {
        return dev.tribunal.worker.train.TrainingConfig.builder(dev.tribunal.worker.train.Objective.REWARD)
            .learningRate(learningRate).epochs(epochs).batchSize(batchSize).seed(seed).build();
      } catch (IllegalArgumentException e) {
        throw new ConfigException("rlaif.reward_model: " + e.getMessage());
      }
    }
  }

  public Method methodKind() {
    return Check.oneOf("rlaif.method", method, Method.class);
  }

  public PromptForm form() {
    return Check.oneOf("rlaif.prompt_form", promptForm, PromptForm.class);
  }
}
