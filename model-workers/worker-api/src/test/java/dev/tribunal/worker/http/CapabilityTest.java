package dev.tribunal.worker.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tribunal.worker.GenerateRequest;
import dev.tribunal.worker.Prompt;
import dev.tribunal.worker.SamplingParams;
import dev.tribunal.worker.ScoreRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A call the backend cannot serve is refused before anything is sent, naming role, backend and need. */
class CapabilityTest {

  static void refusedWithoutSending(Backend backend, String role, Class<? extends RuntimeException> type,
      String expected, java.util.function.Consumer<HttpModelWorker> call) throws Exception {
    try (StubServer s = StubServer.scripted();
         HttpModelWorker w = HttpModelWorker.open(HttpWorkerConfig.of(role, s.baseUrl(), "m", backend))) {
      RuntimeException e = assertThrows(type, () -> call.accept(w));
      assertEquals(expected, e.getMessage());
      assertTrue(s.received().isEmpty(), "nothing may be sent");
    }
  }

  @Test
  void llamaCppCannotScore() throws Exception {
    refusedWithoutSending(Backend.LLAMACPP, "reference", IllegalStateException.class,
        "role 'reference' needs prompt_logprobs but backend 'llamacpp' does not provide it",
        w -> w.score(List.of(new ScoreRequest(Prompt.text("q"), "a"))));
  }

  @Test
  void tgiCannotSampleSeveralCompletionsInOneRequest() throws Exception {
    SamplingParams four = new SamplingParams(4, 1.0, 1.0, 0, 8, null, null, 1, false);
    refusedWithoutSending(Backend.TGI, "actor", IllegalStateException.class,
        "role 'actor' needs multiple_completions but backend 'tgi' does not provide it",
        w -> w.generate(List.of(new GenerateRequest(Prompt.user("q"), four))));
  }

  @Test
  void aGenericServerTakesNoTopK() throws Exception {
    SamplingParams topK = new SamplingParams(1, 1.0, 1.0, 40, 8, null, null, 1, false);
    refusedWithoutSending(Backend.GENERIC, "actor", IllegalArgumentException.class,
        "endpoint 'actor': backend 'generic' does not take top_k; set top_k to 0",
        w -> w.generate(List.of(new GenerateRequest(Prompt.text("q"), topK))));
  }

  @Test
  void chatPromptsCannotBeScoredWithoutTheServedModelsChatTemplate() throws Exception {
    try (StubServer s = StubServer.scripted();
         HttpModelWorker w = HttpModelWorker.open(HttpWorkerConfig.of("reference", s.baseUrl(), "m", Backend.VLLM))) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> w.score(List.of(new ScoreRequest(Prompt.user("q"), "a"))));
      assertTrue(e.getMessage().contains("scoring a chat prompt needs the served model's chat template")
          && e.getMessage().contains("tokenizer_config.json"), e.getMessage());
      assertTrue(s.received().isEmpty());
    }
  }

  @Test
  void aTurnsEndOfTurnTokenCannotBeScoredOverHttp() throws Exception {
    try (StubServer s = StubServer.scripted();
         HttpModelWorker w = HttpModelWorker.open(HttpWorkerConfig.of("reference", s.baseUrl(), "m", Backend.VLLM))) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> w.score(List.of(new ScoreRequest(Prompt.text("q"), "a", true))));
      assertTrue(e.getMessage().contains("end-of-turn token needs the model's tokenizer"), e.getMessage());
      assertTrue(s.received().isEmpty());
    }
  }

  @Test
  void noOpenAiServerServesRewards() throws Exception {
    for (Backend b : Backend.PROFILES) {
      refusedWithoutSending(b, "reward", IllegalStateException.class,
          "role 'reward' needs reward but backend '" + b.name() + "' does not provide it",
          w -> w.reward(List.of(new ScoreRequest(Prompt.user("q"), "a"))));
    }
  }

  @Test
  void profilesAreFoundByName() {
    assertEquals(Backend.LLAMACPP, Backend.byName(" LlamaCpp "));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backend.byName("ollama"));
    assertTrue(e.getMessage().contains("unknown backend 'ollama'"), e.getMessage());
    assertTrue(Backend.VLLM.capabilities().promptLogprobs());
    assertTrue(!Backend.LLAMACPP.capabilities().promptLogprobs());
  }
}
