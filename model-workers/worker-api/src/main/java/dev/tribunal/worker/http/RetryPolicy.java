package dev.tribunal.worker.http;

import java.io.Serializable;
import java.time.Duration;

/**
 * How hard to try: at most maxAttempts sends, waits growing from initialBackoff by doubling up to
 * maxBackoff (unless the server names its own wait in Retry-After), and never past totalDeadline
 * from the first send.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration totalDeadline)
    implements Serializable {

  public static final RetryPolicy DEFAULT =
      new RetryPolicy(6, Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofMinutes(10));

  public RetryPolicy {
    if (maxAttempts < 1) throw new IllegalArgumentException("retry: max attempts must be >= 1, was " + maxAttempts);
    requirePositive("initial backoff", initialBackoff);
    requirePositive("max backoff", maxBackoff);
    requirePositive("total deadline", totalDeadline);
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("retry: max backoff " + maxBackoff + " is below initial backoff " + initialBackoff);
    }
  }

  /** One send and no retry. */
  public static RetryPolicy once(Duration deadline) {
    return new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1), deadline);
  }

  /**
   * The wait before retry number {@code retry} (1 for the first retry): the exponential step
   * capped at maxBackoff, then "equal jitter", a uniform draw from its upper half, so that the
   * tasks of a Spark stage that failed together do not come back together.
   *
   * @param unit a uniform draw in [0, 1)
   */
  Duration backoff(int retry, double unit) {
    double step = initialBackoff.toNanos() * Math.pow(2, Math.min(retry - 1, 40));
    double capped = Math.min(step, maxBackoff.toNanos());
    return Duration.ofNanos((long) (capped / 2 + unit * capped / 2));
  }

  private static void requirePositive(String what, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("retry: " + what + " must be positive, was " + d);
    }
  }
}
