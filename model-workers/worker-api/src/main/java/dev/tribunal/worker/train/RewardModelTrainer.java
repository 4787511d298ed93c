package dev.tribunal.worker.train;

/**
 * Trains distilled reward models (spec 2.6) with the soft Bradley–Terry loss; an engine
 * implements it (worker-djl's DjlRewardTrainer), callers see only this.
 */
public interface RewardModelTrainer {

  /**
   * Trains on the request's training pairs, evaluates on its held-out ones and writes the reward
   * checkpoint (Hugging Face sequence-classification layout) with its lineage.
   *
   * @throws IllegalArgumentException for input the model cannot take, naming the pair
   * @throws TrainingStoppedException when no update could be applied; nothing is written then
   */
  RewardTrainingResult train(RewardTrainingRequest request);
}
