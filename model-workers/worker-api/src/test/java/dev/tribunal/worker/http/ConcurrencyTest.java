package dev.tribunal.worker.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tribunal.worker.GenerateRequest;
import dev.tribunal.worker.Prompt;
import dev.tribunal.worker.SamplingParams;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ConcurrencyTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aBatchIsSentConcurrentlyUpToTheBoundAndAnswersInOrder() throws Exception {
    int bound = 3;
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    // Each request waits until `bound` requests are in the server together: a client that sent
    // one at a time would time out here, one that sent more than `bound` would raise the peak.
    CyclicBarrier together = new CyclicBarrier(bound);
    try (StubServer s = StubServer.handling(r -> {
      peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      try {
        together.await(20, TimeUnit.SECONDS);
        String prompt = JSON.readTree(r.body()).path("prompt").asText();
        return StubServer.Reply.json(200,
            "{\"choices\":[{\"index\":0,\"text\":\"re:" + prompt + "\",\"finish_reason\":\"stop\"}]}");
      } finally {
        inFlight.decrementAndGet();
      }
    })) {
      HttpWorkerConfig config = HttpWorkerConfig.of("actor", s.baseUrl(), "m", Backend.VLLM).withMaxConcurrency(bound);
      try (HttpModelWorker w = HttpModelWorker.open(config)) {
        List<GenerateRequest> batch = IntStream.range(0, 9)
            .mapToObj(i -> new GenerateRequest(Prompt.text("p" + i), SamplingParams.greedy(3))).toList();
        List<String> texts = w.generate(batch).stream().map(c -> c.get(0).text()).toList();
        assertEquals(IntStream.range(0, 9).mapToObj(i -> "re:p" + i).toList(), texts);
        assertEquals(bound, peak.get());
      }
    }
  }

  @Test
  void twoConfigsThatDisagreeOnTheBoundForOneServerAreRefused() throws Exception {
    try (StubServer s = StubServer.scripted()) {
      HttpWorkerConfig a = HttpWorkerConfig.of("actor", s.baseUrl(), "m", Backend.VLLM).withMaxConcurrency(4);
      try (HttpModelWorker w = HttpModelWorker.open(a)) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> HttpModelWorker.open(a.withMaxConcurrency(2)));
        assertTrue(e.getMessage().contains("already bounded at 4"), e.getMessage());
        HttpModelWorker.open(a).close(); // the same bound shares the semaphore
      }
    }
  }
}
