package dev.tribunal.worker.train;

import java.nio.file.Path;

/**
 * Trains a policy towards its Best-of-N distribution with BOND (spec 3.3) and moves J-BOND's
 * anchor (spec 3.4); an engine implements it (worker-djl's DjlBondTrainer), callers see only this.
 */
public interface BondTrainer {

  /**
   * Trains on the request's examples with {@link dev.tribunal.worker.train.loss.BondLoss} and
   * writes the policy checkpoint (causal layout, as DPO's) with a lineage naming objective "bond"
   * and its β.
   *
   * @throws IllegalArgumentException for input the model cannot take, naming the example
   * @throws TrainingStoppedException when no update could be applied; nothing is written then
   */
  TrainingResult train(BondTrainingRequest request);

  /**
   * Writes θ_anchor' = (1−η)·θ_anchor + η·θ, blended in fp32 and stored in the anchor's dtype,
   * with the anchor's config and tokenizer and a lineage naming both parents and η.
   *
   * @throws IllegalArgumentException when the two checkpoints' tensors differ in name or shape
   * @return the new anchor checkpoint
   */
  Path updateAnchor(AnchorUpdate update);
}
