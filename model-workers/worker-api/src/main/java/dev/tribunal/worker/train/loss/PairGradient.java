package dev.tribunal.worker.train.loss;

/**
 * The derivatives of one example's loss term with respect to the policy's summed response
 * log-probabilities, ∂term/∂log π(y_w) and ∂term/∂log π(y_l) (0 for SFT): what an engine whose
 * backward pass is written by hand feeds into the per-token log-probabilities. The reference
 * log-probabilities are constants.
 */
public record PairGradient(double chosen, double rejected) {}
