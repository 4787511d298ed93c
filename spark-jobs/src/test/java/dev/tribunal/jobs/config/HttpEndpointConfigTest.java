package dev.tribunal.jobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tribunal.worker.http.Backend;
import dev.tribunal.worker.http.HttpWorkerConfig;
import dev.tribunal.worker.http.RetryPolicy;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** models.http becomes the HTTP client's validated endpoint once, when the configuration is bound. */
class HttpEndpointConfigTest {
  private static ModelsConfig http(String... overrides) {
    List<String> all = new ArrayList<>(List.of("models.backend=http", "meta_rewarding.dpo.end_of_turn=false"));
    all.addAll(List.of(overrides));
    return new ConfigLoader(Map.<String, String>of()::get).load(null, all).models();
  }

  private static void rejects(String expected, String... overrides) {
    ConfigException e = assertThrows(ConfigException.class, () -> http(overrides));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void theSectionBecomesAValidatedEndpoint() throws Exception {
    HttpWorkerConfig c = http("models.seed_version=llama-3-8b", "models.http.base_url=http://gpu-7:8000/",
        "models.http.request_timeout_s=90", "models.http.max_attempts=3", "models.http.max_concurrency=16",
        "models.http.api_key_env=VLLM_KEY").endpoint();
    assertEquals("http://gpu-7:8000", c.baseUrl().toString());
    assertEquals("llama-3-8b", c.model());
    assertEquals(Backend.VLLM, c.backend());
    assertEquals(Duration.ofSeconds(90), c.requestTimeout());
    assertEquals(HttpWorkerConfig.DEFAULT_CONNECT_TIMEOUT, c.connectTimeout());
    assertEquals(3, c.retry().maxAttempts());
    assertEquals(RetryPolicy.DEFAULT.initialBackoff(), c.retry().initialBackoff());
    assertEquals(16, c.maxConcurrency());
    assertEquals("VLLM_KEY", c.apiKey().envVar());
    assertNull(c.apiKey().file(), "an empty key file means none");
    new ObjectOutputStream(new ByteArrayOutputStream()).writeObject(c);
  }

  @Test
  void badSectionsAreRefusedNamingTheKey() {
    rejects("unknown key 'models.http.api_key'", "models.http.api_key=sk-literal");
    rejects("models.http: api key: give an environment variable or a file, not both",
        "models.http.api_key_env=K", "models.http.api_key_file=/k");
    rejects("unknown backend 'ollama'", "models.http.backend=ollama");
    rejects("models.http.max_concurrency", "models.http.max_concurrency=0");
    rejects("models.seed_version", "models.seed_version= ");
  }
}
