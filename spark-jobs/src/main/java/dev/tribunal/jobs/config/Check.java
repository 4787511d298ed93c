package dev.tribunal.jobs.config;

/** Validation helpers whose messages name the key and what is allowed. */
public final class Check {
  private Check() {}

  public static void notNull(String key, Object value) {
    if (value == null) throw new ConfigException(key + ": missing");
  }

  public static void notBlank(String key, String value) {
    if (value == null || value.isBlank()) throw new ConfigException(key + ": must be a non-empty string");
  }

  public static void range(String key, long value, long min, long max) {
    if (value < min || value > max) {
      throw new ConfigException(key + ": " + value + " is out of range; allowed " + min + " to " + max);
    }
  }

  public static void range(String key, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      throw new ConfigException(key + ": " + value + " is out of range; allowed " + min + " to " + max);
    }
  }

  public static void atMost(String key, long value, long max) {
    if (value > max) throw new ConfigException(key + ": " + value + " is out of range; allowed at most " + max);
  }

  public static void atMost(String key, double value, double max) {
    if (!(value <= max)) {
      throw new ConfigException(key + ": " + value + " is out of range; allowed at most " + max);
    }
  }

  public static <E extends Enum<E>> E oneOf(String key, String value, Class<E> type) {
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(value)) return e;
    }
    throw notAllowed(key, value, type.getEnumConstants());
  }

  /** The refusal of a value outside a fixed set, listing the set as configuration files spell it. */
  public static ConfigException notAllowed(String key, Object value, Object[] allowed) {
    return new ConfigException(key + ": '" + value + "' is not allowed; allowed "
        + java.util.Arrays.toString(allowed).toLowerCase(java.util.Locale.ROOT));
  }
}
