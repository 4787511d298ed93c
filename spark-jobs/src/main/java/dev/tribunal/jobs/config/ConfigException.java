package dev.tribunal.jobs.config;

/** A configuration problem: always names the key and what is allowed. A usage error (exit 2). */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
