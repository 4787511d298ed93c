package dev.tribunal.worker.http;

/**
 * An API key in memory. Its text never leaves through toString, and {@link #redact} scrubs it out
 * of anything a server sends back, since a misbehaving proxy may echo request headers in its
 * error bodies.
 */
final class Secret {
  private static final String MASK = "****";

  private final String value;

  Secret(String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("an API key must not be empty");
    }
    this.value = value;
  }

  /** The key itself, for the Authorization header and nothing else. */
  String reveal() {
    return value;
  }

  String redact(String text) {
    return text == null ? null : text.replace(value, MASK);
  }

  @Override
  public String toString() {
    return MASK;
  }
}
