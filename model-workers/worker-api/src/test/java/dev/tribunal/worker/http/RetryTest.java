package dev.tribunal.worker.http;

import static dev.tribunal.worker.http.StubServer.Reply.json;
import static dev.tribunal.worker.http.StubServer.Reply.withHeader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tribunal.worker.Completion;
import dev.tribunal.worker.FinishReason;
import dev.tribunal.worker.GenerateRequest;
import dev.tribunal.worker.Prompt;
import dev.tribunal.worker.SamplingParams;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryTest {
  static final String OK = "{\"choices\":[{\"index\":0,\"text\":\"fine\",\"finish_reason\":\"stop\"}]}";
  static final RetryPolicy POLICY =
      new RetryPolicy(4, Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofMinutes(2));

  final FakeTime time = new FakeTime();

  HttpModelWorker worker(String baseUrl, RetryPolicy retry) {
    HttpWorkerConfig config = HttpWorkerConfig.of("judge", baseUrl, "m", Backend.VLLM).withRetry(retry);
    return HttpModelWorker.open(config, name -> null, time, time, () -> 0.5);
  }

  static List<Completion> generate(HttpModelWorker w) {
    return w.generate(List.of(new GenerateRequest(Prompt.text("q"), SamplingParams.greedy(4)))).get(0);
  }

  @Test
  void waitsTheSecondsNamedInRetryAfterOn429() throws Exception {
    try (StubServer s = StubServer.scripted(withHeader(429, "Retry-After", "7", "{}"), json(200, OK));
         HttpModelWorker w = worker(s.baseUrl(), POLICY)) {
      assertEquals("fine", generate(w).get(0).text());
      assertEquals(List.of(Duration.ofSeconds(7)), time.sleeps());
      assertEquals(2, s.received().size());
    }
  }

  @Test
  void waitsUntilTheDateNamedInRetryAfter() throws Exception {
    String at = DateTimeFormatter.RFC_1123_DATE_TIME.format(time.instant().plusSeconds(12).atZone(time.getZone()));
    try (StubServer s = StubServer.scripted(withHeader(503, "Retry-After", at, "{}"), json(200, OK));
         HttpModelWorker w = worker(s.baseUrl(), POLICY)) {
      assertEquals("fine", generate(w).get(0).text());
      assertEquals(List.of(Duration.ofSeconds(12)), time.sleeps());
    }
  }

  @Test
  void retries503WithJitteredBackoffThenSucceeds() throws Exception {
    try (StubServer s = StubServer.scripted(json(503, "{}"), json(503, "{}"), json(200, OK));
         HttpModelWorker w = worker(s.baseUrl(), POLICY)) {
      assertEquals("fine", generate(w).get(0).text());
      // Equal jitter at draw 0.5: three quarters of 1 s, then of 2 s.
      assertEquals(List.of(Duration.ofMillis(750), Duration.ofMillis(1500)), time.sleeps());
      assertEquals(3, s.received().size());
    }
  }

  @Test
  void serverFaultsAreRetriedUntilAttemptsRunOut() throws Exception {
    try (StubServer s = StubServer.scripted(json(502, "{\"error\":{\"message\":\"bad gateway\"}}"));
         HttpModelWorker w = worker(s.baseUrl(), POLICY)) {
      BackendException e = assertThrows(BackendException.class, () -> generate(w));
      assertEquals(502, e.status());
      assertTrue(e.retryable());
      assertEquals(4, e.attempts());
      assertEquals(4, s.received().size());
      assertEquals(3, time.sleeps().size());
      assertTrue(e.getMessage().contains("bad gateway"), e.getMessage());
      assertTrue(e.getMessage().contains("gave up after 4 attempts"), e.getMessage());
    }
  }

  @Test
  void badRequestFailsAtOnceWithTheServersMessage() throws Exception {
    try (StubServer s = StubServer.scripted(json(400, "{\"error\":{\"message\":\"max_tokens too large\"}}"));
         HttpModelWorker w = worker(s.baseUrl(), POLICY)) {
      BackendException e = assertThrows(BackendException.class, () -> generate(w));
      assertEquals(400, e.status());
      assertFalse(e.retryable());
      assertEquals(1, e.attempts());
      assertEquals("judge", e.endpoint());
      assertEquals("vllm", e.backend());
      assertTrue(e.getMessage().contains("max_tokens too large"), e.getMessage());
      assertEquals(1, s.received().size());
      assertTrue(time.sleeps().isEmpty());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "This model's maximum context length is 2048 tokens. However, you requested 2300 tokens.",
      "the request exceeds the available context size, try increasing it",
      "Input validation error: `inputs` tokens + `max_new_tokens` must be <= 4096."})
  void aPromptLongerThanTheContextIsAnOverflowCompletionNotAFailure(String message) throws Exception {
    String body = "{\"error\":{\"message\":\"" + message.replace("\"", "\\\"") + "\",\"code\":\"context_length_exceeded\"}}";
    try (StubServer s = StubServer.scripted(json(400, body));
         HttpModelWorker w = worker(s.baseUrl(), POLICY)) {
      List<Completion> out = generate(w);
      assertEquals(1, out.size());
      assertEquals(FinishReason.CONTEXT_OVERFLOW, out.get(0).finishReason());
      assertEquals("", out.get(0).text());
      assertEquals(1, s.received().size(), "never retried");
    }
  }

  @Test
  void authAndNotFoundAreNotRetried() throws Exception {
    for (int status : new int[] {401, 403, 404}) {
      try (StubServer s = StubServer.scripted(json(status, "{}"));
           HttpModelWorker w = worker(s.baseUrl(), POLICY)) {
        BackendException e = assertThrows(BackendException.class, () -> generate(w));
        assertEquals(status, e.status());
        assertEquals(1, s.received().size());
      }
    }
  }

  @Test
  void quotaErrorFailsAtOnceEvenWithRetryAfter() throws Exception {
    String quota = "{\"error\":{\"message\":\"You exceeded your current quota\",\"type\":\"insufficient_quota\"}}";
    try (StubServer s = StubServer.scripted(withHeader(429, "Retry-After", "1", quota));
         HttpModelWorker w = worker(s.baseUrl(), POLICY)) {
      BackendException e = assertThrows(BackendException.class, () -> generate(w));
      assertEquals(429, e.status());
      assertFalse(e.retryable());
      assertTrue(e.getMessage().contains("quota exhausted"), e.getMessage());
      assertEquals(1, s.received().size());
      assertTrue(time.sleeps().isEmpty());
    }
  }

  @Test
  void aRetryAfterPastTheDeadlineFailsInsteadOfWaiting() throws Exception {
    RetryPolicy shortDeadline = new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(30));
    try (StubServer s = StubServer.scripted(withHeader(503, "Retry-After", "120", "{}"));
         HttpModelWorker w = worker(s.baseUrl(), shortDeadline)) {
      BackendException e = assertThrows(BackendException.class, () -> generate(w));
      assertTrue(e.getMessage().contains("total deadline"), e.getMessage());
      assertEquals(1, e.attempts());
      assertTrue(time.sleeps().isEmpty());
    }
  }

  @Test
  void theTotalDeadlineBoundsTheSumOfWaits() throws Exception {
    RetryPolicy policy = new RetryPolicy(50, Duration.ofSeconds(1), Duration.ofSeconds(4), Duration.ofSeconds(20));
    try (StubServer s = StubServer.scripted(json(503, "{}"));
         HttpModelWorker w = worker(s.baseUrl(), policy)) {
      BackendException e = assertThrows(BackendException.class, () -> generate(w));
      Duration slept = time.sleeps().stream().reduce(Duration.ZERO, Duration::plus);
      assertTrue(slept.compareTo(Duration.ofSeconds(20)) <= 0, "slept " + slept);
      assertTrue(e.attempts() > 3 && e.attempts() < 50, "attempts " + e.attempts());
      assertEquals(e.attempts(), s.received().size());
    }
  }

  @Test
  void aServerThatNeverAnswersIsEndedByTheRequestTimeout() throws Exception {
    RetryPolicy twice = new RetryPolicy(2, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMinutes(1));
    try (StubServer s = StubServer.scripted(StubServer.Reply.never())) {
      HttpWorkerConfig config = HttpWorkerConfig.of("actor", s.baseUrl(), "m", Backend.VLLM)
          .withRetry(twice).withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(200));
      try (HttpModelWorker w = HttpModelWorker.open(config, n -> null, time, time, () -> 0.5)) {
        // A guard against hanging the build, not a timing assertion: the bound is 2 x 200 ms.
        BackendException e = assertTimeoutPreemptively(Duration.ofSeconds(30),
            () -> assertThrows(BackendException.class, () -> generate(w)));
        assertEquals(BackendException.NO_STATUS, e.status());
        assertTrue(e.retryable());
        assertEquals(2, e.attempts());
        assertTrue(e.getMessage().contains("no answer within PT0.2S"), e.getMessage());
        assertEquals(2, s.received().size());
      }
    }
  }

  @Test
  void aServerKilledWithTheRequestInFlightIsRetriedAndItsSuccessorAnswers() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      Thread server = new Thread(() -> {
        try {
          try (Socket first = socket.accept()) {
            readRequest(first); // and dies without a word
          }
          try (Socket second = socket.accept()) {
            readRequest(second);
            byte[] body = OK.getBytes(StandardCharsets.UTF_8);
            second.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            second.getOutputStream().write(body);
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      server.start();
      try (HttpModelWorker w = worker("http://127.0.0.1:" + socket.getLocalPort(), POLICY)) {
        List<Completion> out = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> generate(w));
        assertEquals("fine", out.get(0).text());
        assertEquals(1, time.sleeps().size(), "one retry, after a backoff");
      }
      server.join(10_000);
    }
  }

  /** Reads one request's head and body off the socket. */
  private static void readRequest(Socket s) throws IOException {
    var in = s.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) return;
      head.append((char) c);
    }
    var length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
    if (length.find()) in.readNBytes(Integer.parseInt(length.group(1)));
  }

  @Test
  void connectionRefusedIsRetriedThenReported() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    RetryPolicy thrice = new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMinutes(1));
    try (HttpModelWorker w = worker("http://127.0.0.1:" + port, thrice)) {
      BackendException e = assertThrows(BackendException.class, () -> generate(w));
      assertEquals(BackendException.NO_STATUS, e.status());
      assertEquals(3, e.attempts());
      assertTrue(e.getMessage().contains("connection failed"), e.getMessage());
    }
  }
}
