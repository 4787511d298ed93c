package dev.tribunal.worker.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tribunal.worker.ChatMessage;
import dev.tribunal.worker.Completion;
import dev.tribunal.worker.GenerateRequest;
import dev.tribunal.worker.NextTokenRequest;
import dev.tribunal.worker.NextTokenResult;
import dev.tribunal.worker.Prompt;
import dev.tribunal.worker.SamplingParams;
import dev.tribunal.worker.ScoreRequest;
import dev.tribunal.worker.ScoreResult;
import dev.tribunal.worker.http.Backend;
import dev.tribunal.worker.http.BackendException;
import dev.tribunal.worker.http.HttpModelWorker;
import dev.tribunal.worker.http.HttpWorkerConfig;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP client against our server: every result must equal what the worker gives directly. */
class ClientServerTest {
  final FakeWorker fake = new FakeWorker();
  OpenAiServer server;

  @BeforeEach
  void serve() {
    server = OpenAiServer.start(fake, ServeOptions.loopback());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  HttpModelWorker client(Backend backend) {
    return HttpModelWorker.open(HttpWorkerConfig.of("actor", "http://127.0.0.1:" + server.port(), "fake-v1", backend));
  }

  static void assertSame(List<List<Completion>> expected, List<List<Completion>> actual) {
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i).size(), actual.get(i).size());
      for (int j = 0; j < expected.get(i).size(); j++) {
        Completion e = expected.get(i).get(j);
        Completion a = actual.get(i).get(j);
        assertEquals(e.text(), a.text());
        assertEquals(e.finishReason(), a.finishReason());
        assertArrayEquals(e.tokenLogprobs(), a.tokenLogprobs());
        if (e.tokenLogprobs() != null) assertArrayEquals(e.tokenIds(), a.tokenIds());
      }
    }
  }

  @Test
  void textGenerationMatchesTheWorker() {
    SamplingParams p = new SamplingParams(3, 0.8, 0.95, 10, 12, List.of("q"), List.of(), 1234, true);
    List<GenerateRequest> batch = List.of(
        new GenerateRequest(Prompt.text("Question one:"), p),
        new GenerateRequest(Prompt.text("Question two:"), p.withSeed(99)),
        new GenerateRequest(Prompt.text("Greedy:"), SamplingParams.greedy(6)));
    try (HttpModelWorker http = client(Backend.TRIBUNAL)) {
      List<List<Completion>> remote = http.generate(batch);
      assertSame(fake.generate(batch), remote);
      assertFalse(remote.get(0).get(0).text().equals(remote.get(0).get(1).text()), "n samples differ");
    }
  }

  @Test
  void chatGenerationMatchesTheWorker() {
    Prompt chat = Prompt.chat(List.of(new ChatMessage("system", "Judge fairly."), new ChatMessage("user", "Score it.")));
    SamplingParams p = new SamplingParams(2, 1.0, 1.0, 0, 9, List.of("z"), List.of(), 7, true);
    List<GenerateRequest> batch = List.of(new GenerateRequest(chat, p));
    try (HttpModelWorker http = client(Backend.TRIBUNAL)) {
      assertSame(fake.generate(batch), http.generate(batch));
    }
  }

  @Test
  void scoringMatchesTheWorker() {
    List<ScoreRequest> batch = List.of(
        new ScoreRequest(Prompt.text("Q: 2+2?\nA:"), " 4"),
        new ScoreRequest(Prompt.text("Say hi:"), " hello there"),
        new ScoreRequest(Prompt.text("Empty:"), ""));
    for (Backend backend : List.of(Backend.TRIBUNAL, Backend.VLLM)) {
      try (HttpModelWorker http = client(backend)) {
        List<ScoreResult> remote = http.score(batch);
        List<ScoreResult> local = fake.score(batch);
        for (int i = 0; i < batch.size(); i++) {
          assertArrayEquals(local.get(i).tokenLogprobs(), remote.get(i).tokenLogprobs(), backend.name());
          assertEquals(local.get(i).sum(), remote.get(i).sum(), 1e-9);
        }
      }
    }
  }

  @Test
  void nextTokenLogprobsMatchTheWorkerAndUnseenStayAbsent() {
    List<NextTokenRequest> batch = List.of(
        new NextTokenRequest(Prompt.text("Better response: "), List.of("1", "2", "\u00e9")),
        new NextTokenRequest(Prompt.user("Rate 1-5"), List.of("1", "2", "3", "4", "5")));
    try (HttpModelWorker http = client(Backend.TRIBUNAL)) {
      List<NextTokenResult> remote = http.nextTokenLogprobs(batch);
      assertEquals(fake.nextTokenLogprobs(batch), remote);
      assertTrue(remote.get(0).of("\u00e9").isEmpty(), "outside the vocabulary: absent, not zero");
      assertEquals(5, remote.get(1).logprobs().size());
    }
  }

  @Test
  void aStandardClientProfileReadsOurReplies() {
    List<GenerateRequest> batch = List.of(new GenerateRequest(Prompt.text("Hi"),
        new SamplingParams(2, 0.5, 1.0, 0, 5, List.of(), List.of(), 3, true)));
    try (HttpModelWorker http = client(Backend.VLLM)) {
      assertSame(fake.generate(batch), http.generate(batch));
    }
  }

  @Test
  void theWrongModelNameIsANotFoundThatIsNotRetried() {
    HttpWorkerConfig config = HttpWorkerConfig.of("actor", "http://127.0.0.1:" + server.port(), "other", Backend.TRIBUNAL);
    try (HttpModelWorker http = HttpModelWorker.open(config)) {
      BackendException e = assertThrows(BackendException.class,
          () -> http.generate(List.of(new GenerateRequest(Prompt.text("x"), SamplingParams.greedy(1)))));
      assertEquals(404, e.status());
      assertEquals(1, e.attempts());
      assertTrue(e.getMessage().contains("model 'other' is not served here"), e.getMessage());
    }
  }
}
