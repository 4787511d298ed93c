package dev.tribunal.worker.train;

/**
 * How IPO turns a response's token log-probabilities into the h of its loss: their sum, or their
 * mean per token (what TRL's IPO does, so that long responses do not dominate the margin).
 */
public enum LogpReduction {
  SUM,
  MEAN
}
