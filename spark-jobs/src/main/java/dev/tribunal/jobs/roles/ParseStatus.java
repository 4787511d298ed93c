package dev.tribunal.jobs.roles;

import java.util.Locale;

/**
 * How a verdict was read from a judge's or meta-judge's own output. Only {@link #OK} carries a
 * value: a parse failure is recorded as a status, never turned into a number.
 */
public enum ParseStatus {
  /** The last verdict line was found and its value is in the valid range. */
  OK,
  /** No line has the verdict form. */
  NO_MATCH,
  /** The last verdict line holds a value outside the role's valid range. */
  OUT_OF_RANGE,
  /** Several verdict lines disagree, and the role is set to reject that. */
  MULTIPLE_CONFLICTING,
  /** Decoding hit the token limit, so the verdict line may be cut off or missing. */
  TRUNCATED,
  /** The output is empty or only whitespace. */
  EMPTY;

  /** The name stored in tables: lower case, as in the spec ("no_match"). */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
