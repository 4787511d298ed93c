package dev.tribunal.schemas;

/**
 * How a verdict (a judge's score, a meta-judge's winner) was read from the model's own output.
 * A parse failure is never a number: only OK, and MULTIPLE_CONFLICTING when the configuration
 * accepts it (the last matching line wins), may carry a parsed value.
 */
public enum ParseStatus implements Coded {
  /** Exactly one value, or several that agree, on the last matching line. */
  OK,
  /** No line of the expected form. */
  NO_MATCH,
  /** A value outside the role's valid range. */
  OUT_OF_RANGE,
  /** Several matching lines with different values. */
  MULTIPLE_CONFLICTING,
  /** The output hit the token limit, so its verdict line may be missing or cut. */
  TRUNCATED,
  /** The output is empty or blank. */
  EMPTY,
  /** The composed prompt did not fit the model's context, so no output was generated. */
  CONTEXT_OVERFLOW;

  /** Whether a row with this status must carry a parsed value. */
  public boolean requiresValue() {
    return this == OK;
  }

  /** Whether a row with this status may carry a parsed value. */
  public boolean allowsValue() {
    return this == OK || this == MULTIPLE_CONFLICTING;
  }

  /** Rejects a value that contradicts this status; column names the value's column. */
  void checkValue(Object value, String column) {
    if (value == null && requiresValue()) {
      throw new IllegalArgumentException(column + " is null but parse_status is " + code());
    }
    if (value != null && !allowsValue()) {
      throw new IllegalArgumentException(
          column + " is " + value + " but parse_status " + code() + " carries no value");
    }
  }
}
