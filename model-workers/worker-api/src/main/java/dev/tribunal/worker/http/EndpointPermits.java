package dev.tribunal.worker.http;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * One semaphore per base URL per JVM. A Spark executor runs several tasks at once, each with its
 * own client; the bound must hold for all of them together, so it cannot live in a client.
 */
final class EndpointPermits {
  private static final Map<URI, Bound> BOUNDS = new ConcurrentHashMap<>();

  private record Bound(int permits, Semaphore semaphore) {}

  private EndpointPermits() {}

  /**
   * The shared semaphore for this base URL. Two configurations that disagree on the bound for the
   * same server are a configuration error: whichever came first would silently win.
   */
  static Semaphore forEndpoint(URI baseUrl, int permits, String name) {
    Bound bound = BOUNDS.computeIfAbsent(baseUrl, u -> new Bound(permits, new Semaphore(permits, true)));
    if (bound.permits != permits) {
      throw new IllegalArgumentException("endpoint '" + name + "': " + baseUrl + " is already bounded at "
          + bound.permits + " concurrent requests in this JVM, this configuration asks for " + permits);
    }
    return bound.semaphore;
  }
}
