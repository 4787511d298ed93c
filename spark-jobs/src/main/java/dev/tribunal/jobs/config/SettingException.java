package dev.tribunal.jobs.config;

/**
 * A value refused by a record that does not know where it sits in the tree (one record type can
 * serve two keys, like the seed's two phases): it names the key relative to itself, and the
 * binder prefixes the path it was bound at, so the user reads seed.mixed_phase.steps. Code that
 * builds such a record directly gets an IllegalArgumentException naming the relative key.
 */
public final class SettingException extends IllegalArgumentException {
  public SettingException(String key, String reason) {
    super(key + ": " + reason);
  }

  /** Refuses a value below {@code min}, the usual constraint on counts and sizes. */
  public static void atLeast(String key, long value, long min) {
    if (value < min) throw new SettingException(key, "must be >= " + min + ", was " + value);
  }
}
