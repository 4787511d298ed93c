package dev.tribunal.jobs.metarewarding.aggregate;

/** Over which battles the positional weights ω are counted. */
public enum WeightScope {
  /** The battles of the one response being rated. */
  PER_RESPONSE,
  /** All battles of the iteration (counted in a separate pass and passed in). */
  PER_ITERATION
}
