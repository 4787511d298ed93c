package dev.tribunal.worker.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * An API key in memory. Its text never leaves through toString, and {@link #redact} scrubs it out
 * of anything a server sends back, since a misbehaving proxy may echo request headers in its
 * error bodies. A server checks a presented key with {@link #matches}, never by reading it.
 */
public final class Secret {
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

  /**
   * Whether a presented key is this one, in time that does not depend on where they differ: both
   * are hashed first, so MessageDigest.isEqual compares equal lengths and leaks not even the length.
   */
  public boolean matches(String presented) {
    return presented != null && MessageDigest.isEqual(sha256(value), sha256(presented));
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  String redact(String text) {
    return text == null ? null : text.replace(value, MASK);
  }

  @Override
  public String toString() {
    return MASK;
  }
}
