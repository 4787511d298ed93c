package dev.tribunal.worker.http;

import java.time.Duration;
import java.util.Map;

/** Typed reads from one configuration map, each error naming the endpoint and the key. */
record ConfigSection(String name, Map<String, ?> map) {

  String required(String key) {
    String value = text(key, null);
    if (value == null) throw new IllegalArgumentException("endpoint '" + name + "': " + key + " is missing");
    return value;
  }

  String text(String key, String fallback) {
    Object v = map.get(key);
    return v == null ? fallback : v.toString();
  }

  int integer(String key, int fallback) {
    double v = number(key, fallback);
    if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("endpoint '" + name + "': " + key + " must be a whole number, was " + map.get(key));
    }
    return (int) v;
  }

  Duration seconds(String key, Duration fallback) {
    return map.get(key) == null ? fallback : Duration.ofMillis((long) (number(key, 0) * 1000));
  }

  Duration millis(String key, Duration fallback) {
    return map.get(key) == null ? fallback : Duration.ofMillis((long) number(key, 0));
  }

  private double number(String key, double fallback) {
    Object v = map.get(key);
    if (v == null) return fallback;
    if (v instanceof Number n) return n.doubleValue();
    try {
      return Double.parseDouble(v.toString().strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("endpoint '" + name + "': " + key + " must be a number, was '" + v + "'");
    }
  }
}
