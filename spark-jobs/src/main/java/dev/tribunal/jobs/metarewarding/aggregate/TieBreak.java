package dev.tribunal.jobs.metarewarding.aggregate;

/** How responses that are otherwise equally good picks inside a tier are ordered. */
public enum TieBreak {
  /** Lowest judge variance first (the judge was most sure), then smallest id. */
  LOWEST_VARIANCE_THEN_ID,
  /** Smallest id first. */
  BY_ID
}
