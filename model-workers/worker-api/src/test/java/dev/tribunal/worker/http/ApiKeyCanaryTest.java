package dev.tribunal.worker.http;

import static dev.tribunal.worker.http.StubServer.Reply.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tribunal.worker.GenerateRequest;
import dev.tribunal.worker.Prompt;
import dev.tribunal.worker.SamplingParams;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A canary key must reach the server and nothing else: not errors, not toString, not logs. */
class ApiKeyCanaryTest {
  static final String CANARY = "sk-canary-7f3a9c2e51d04b8b";

  final FakeTime time = new FakeTime();
  final List<String> logs = new CopyOnWriteArrayList<>();
  final Logger logger = Logger.getLogger("dev.tribunal.worker.http");
  final Handler capture = new Handler() {
    final SimpleFormatter format = new SimpleFormatter();

    @Override
    public void publish(LogRecord r) {
      logs.add(format.format(r));
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @BeforeEach
  void captureLogs() {
    logger.setLevel(Level.ALL);
    logger.addHandler(capture);
  }

  @AfterEach
  void stopCapture() {
    logger.removeHandler(capture);
  }

  /** A hostile server that echoes the Authorization header back in every error body. */
  static StubServer echoingServer() throws Exception {
    return StubServer.handling(r -> {
      String echo = "{\"error\":{\"message\":\"rejected header " + r.header("Authorization") + "\"}}";
      return json(r.body().contains("\"seed\":1") ? 503 : 401, echo);
    });
  }

  @Test
  void keyFromFileIsSentButNeverShown(@TempDir Path dir) throws Exception {
    Path keyFile = dir.resolve("key");
    Files.writeString(keyFile, CANARY + "\n");
    try (StubServer s = echoingServer()) {
      HttpWorkerConfig config = HttpWorkerConfig.of("judge", s.baseUrl(), "m", Backend.GENERIC)
          .withApiKey(ApiKeySource.file(keyFile.toString()))
          .withRetry(new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofMinutes(1)));
      try (HttpModelWorker w = HttpModelWorker.open(config, n -> null, time, time, () -> 0.5)) {
        // 503 (retried, so logged) and 401 (fails at once), both bodies carrying the key.
        BackendException retried = assertThrows(BackendException.class, () -> w.generate(request(1)));
        BackendException refused = assertThrows(BackendException.class, () -> w.generate(request(2)));

        assertEquals("Bearer " + CANARY, s.received().get(0).header("Authorization"));
        assertEquals(503, retried.status());
        assertEquals(401, refused.status());
        assertTrue(refused.getMessage().contains("rejected header Bearer ****"), refused.getMessage());
        assertTrue(logs.stream().anyMatch(l -> l.contains("rejected header Bearer ****")), "retries are logged: " + logs);
        for (String text : List.of(trace(retried), trace(refused), config.toString(), w.toString(),
            String.join("\n", logs))) {
          assertFalse(text.contains(CANARY), "key leaked into: " + text);
          assertFalse(text.contains(CANARY.substring(0, 12)), "key prefix leaked into: " + text);
        }
      }
    }
  }

  @Test
  void keyFromEnvironmentIsSentButNeverShown() throws Exception {
    try (StubServer s = echoingServer()) {
      HttpWorkerConfig config = HttpWorkerConfig.of("labeler", s.baseUrl(), "m", Backend.GENERIC)
          .withApiKey(ApiKeySource.env("OPENAI_API_KEY"));
      try (HttpModelWorker w = HttpModelWorker.open(config, n -> n.equals("OPENAI_API_KEY") ? CANARY : null,
          time, time, () -> 0.5)) {
        BackendException e = assertThrows(BackendException.class, () -> w.generate(request(2)));
        assertEquals("Bearer " + CANARY, s.received().get(0).header("Authorization"));
        assertFalse(trace(e).contains(CANARY));
        assertTrue(config.toString().contains("env:OPENAI_API_KEY (value hidden)"), config.toString());
      }
    }
  }

  @Test
  void aMissingKeyIsNamedBySourceNotValue(@TempDir Path dir) {
    HttpWorkerConfig env = HttpWorkerConfig.of("judge", "http://127.0.0.1:9", "m", Backend.GENERIC)
        .withApiKey(ApiKeySource.env("TRIBUNAL_TEST_UNSET_KEY"));
    IllegalStateException unset = assertThrows(IllegalStateException.class,
        () -> HttpModelWorker.open(env, n -> null, time, time, () -> 0.5));
    assertTrue(unset.getMessage().contains("TRIBUNAL_TEST_UNSET_KEY"), unset.getMessage());

    HttpWorkerConfig file = env.withApiKey(ApiKeySource.file(dir.resolve("absent").toString()));
    RuntimeException missing = assertThrows(RuntimeException.class,
        () -> HttpModelWorker.open(file, n -> null, time, time, () -> 0.5));
    assertTrue(missing.getMessage().contains("absent"), missing.getMessage());
  }

  static List<GenerateRequest> request(long seed) {
    return List.of(new GenerateRequest(Prompt.text("q"), SamplingParams.greedy(2).withSeed(seed)));
  }

  static String trace(Throwable t) {
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
