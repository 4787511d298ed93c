/**
 * What training means, independent of any tensor library: the {@link
 * dev.tribunal.worker.train.Objective}s with their settings, the validated {@link
 * dev.tribunal.worker.train.TrainingConfig}, examples in token space with precomputed reference
 * log-probs, the seeded {@link dev.tribunal.worker.train.BatchPlan}, step metrics under TRL's names
 * written as JSON lines, and in {@code loss} the objectives (SFT, DPO, conservative DPO, IPO, RPO)
 * as scalar reference implementations that every engine's tensor losses are tested against. The
 * distilled reward model (spec 2.6) has its own inputs: {@link
 * dev.tribunal.worker.train.RewardPair}s in a {@link dev.tribunal.worker.train.RewardTrainingRequest},
 * trained by a {@link dev.tribunal.worker.train.RewardModelTrainer} with the soft Bradley–Terry loss.
 * BOND (spec 3.3, 3.4) trains on {@link dev.tribunal.worker.train.BondExample}s, scored responses
 * for its forward and backward KL terms, through a {@link dev.tribunal.worker.train.BondTrainer},
 * which also moves J-BOND's anchor ({@link dev.tribunal.worker.train.AnchorUpdate}).
 */
package dev.tribunal.worker.train;
