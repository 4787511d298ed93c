package dev.tribunal.worker.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ConfigTest {

  static void rejects(String expected, Runnable build) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::run);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void anEndpointIsNormalisedAndTravelsToExecutors() throws Exception {
    HttpWorkerConfig c = HttpWorkerConfig.of("judge", "http://gpu-7:8000/", "llama-3-8b", Backend.byName(" VLLM "))
        .withApiKey(ApiKeySource.env("VLLM_KEY"));
    assertEquals("http://gpu-7:8000", c.baseUrl().toString());
    assertEquals(Backend.VLLM, c.backend());
    HttpWorkerConfig served = c.withModel("model m1", "m1");
    assertEquals("m1", served.model());
    assertEquals(c.apiKey(), served.apiKey());
    // Executors receive configuration slices by Java serialisation.
    new ObjectOutputStream(new ByteArrayOutputStream()).writeObject(c);
  }

  @Test
  void endpointsAreValidatedAtConstruction() {
    rejects("must not carry credentials", () -> HttpWorkerConfig.of("judge", "http://u:p@h:1", "m", Backend.VLLM));
    rejects("must be http or https", () -> HttpWorkerConfig.of("judge", "ftp://h:1", "m", Backend.VLLM));
    rejects("query or fragment", () -> HttpWorkerConfig.of("judge", "http://h:1/?key=x", "m", Backend.VLLM));
    rejects("model is empty", () -> HttpWorkerConfig.of("judge", "http://h:1", " ", Backend.VLLM));
    rejects("max_concurrency must be >= 1",
        () -> HttpWorkerConfig.of("judge", "http://h:1", "m", Backend.VLLM).withMaxConcurrency(0));
    rejects("request_timeout must be positive",
        () -> HttpWorkerConfig.of("judge", "http://h:1", "m", Backend.VLLM).withTimeouts(Duration.ofSeconds(1), Duration.ZERO));
    rejects("not an environment variable name", () -> ApiKeySource.env("sk-abc"));
    rejects("give an environment variable or a file, not both", () -> new ApiKeySource("K", "/k"));
    rejects("unknown backend 'ollama'", () -> Backend.byName("ollama"));
  }

  @Test
  void retryPolicyBacksOffExponentiallyWithinItsCap() {
    RetryPolicy p = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(800), Duration.ofMinutes(1));
    assertEquals(Duration.ofMillis(50), p.backoff(1, 0.0));
    assertEquals(Duration.ofMillis(150), p.backoff(2, 0.5));
    assertTrue(p.backoff(2, 0.999999).compareTo(Duration.ofMillis(200)) < 0, "jitter stays below the step");
    assertEquals(Duration.ofMillis(400), p.backoff(4, 0.0));
    assertEquals(Duration.ofMillis(400), p.backoff(30, 0.0), "capped at max backoff");
    rejects("max backoff", () -> new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofMinutes(1)));
    rejects("max attempts must be >= 1", () -> new RetryPolicy(0, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMinutes(1)));
  }

  @Test
  void retryAfterReadsSecondsAndDates() {
    Instant now = Instant.parse("2026-03-01T10:00:00Z");
    assertEquals(Duration.ofSeconds(30), RetryAfter.parse(" 30 ", now).orElseThrow());
    assertEquals(Duration.ofSeconds(90), RetryAfter.parse("Sun, 01 Mar 2026 10:01:30 GMT", now).orElseThrow());
    assertEquals(Duration.ZERO, RetryAfter.parse("Sun, 01 Mar 2026 09:00:00 GMT", now).orElseThrow());
    assertTrue(RetryAfter.parse("soon", now).isEmpty());
    assertTrue(RetryAfter.parse("-5", now).isEmpty());
    assertTrue(RetryAfter.parse(null, now).isEmpty());
  }

  @Test
  void quotaBodiesAreToldApartFromRateLimits() {
    assertTrue(Transport.isQuota("{\"error\":{\"type\":\"insufficient_quota\"}}"));
    assertTrue(Transport.isQuota("Quota exceeded for project"));
    assertTrue(!Transport.isQuota("{\"error\":{\"message\":\"Rate limit reached, slow down\"}}"));
  }
}
