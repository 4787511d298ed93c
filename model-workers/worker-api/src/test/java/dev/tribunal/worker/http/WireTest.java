package dev.tribunal.worker.http;

import static dev.tribunal.worker.http.StubServer.Reply.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tribunal.worker.ChatMessage;
import dev.tribunal.worker.ChatTemplate;
import dev.tribunal.worker.Completion;
import dev.tribunal.worker.FinishReason;
import dev.tribunal.worker.GenerateRequest;
import dev.tribunal.worker.NextTokenRequest;
import dev.tribunal.worker.NextTokenResult;
import dev.tribunal.worker.Prompt;
import dev.tribunal.worker.SamplingParams;
import dev.tribunal.worker.ScoreRequest;
import dev.tribunal.worker.ScoreResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Request bodies and reply parsing against replies shaped like vLLM's and SGLang's. */
class WireTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static HttpModelWorker worker(StubServer s, Backend backend) {
    return HttpModelWorker.open(HttpWorkerConfig.of("judge", s.baseUrl(), "llama", backend));
  }

  static JsonNode sent(StubServer s) throws Exception {
    return JSON.readTree(s.received().get(0).body());
  }

  @Test
  void textGenerationSendsTheSamplingParamsAndReadsChoicesInIndexOrder() throws Exception {
    String reply = """
        {"choices":[
          {"index":1,"text":" two","finish_reason":"length",
           "logprobs":{"tokens":["token_id:7","token_id:9"],"token_logprobs":[-0.5,-1.5]}},
          {"index":0,"text":" one","finish_reason":"stop",
           "logprobs":{"tokens":["token_id:3"],"token_logprobs":[-0.25]}}]}""";
    SamplingParams p = new SamplingParams(2, 0.7, 0.9, 40, 16, List.of("\n"), List.of(2), 42, true);
    try (StubServer s = StubServer.scripted(json(200, reply)); HttpModelWorker w = worker(s, Backend.VLLM)) {
      List<Completion> out = w.generate(List.of(new GenerateRequest(Prompt.text("Q:"), p))).get(0);
      assertEquals("/v1/completions", s.received().get(0).path());
      JsonNode body = sent(s);
      assertEquals("llama", body.path("model").asText());
      assertEquals("Q:", body.path("prompt").asText());
      assertEquals(2, body.path("n").asInt());
      assertEquals(0.7, body.path("temperature").asDouble());
      assertEquals(0.9, body.path("top_p").asDouble());
      assertEquals(40, body.path("top_k").asInt());
      assertEquals(16, body.path("max_tokens").asInt());
      assertEquals(42, body.path("seed").asLong());
      assertEquals("\n", body.path("stop").path(0).asText());
      assertEquals(2, body.path("stop_token_ids").path(0).asInt());
      assertEquals(1, body.path("logprobs").asInt());
      assertTrue(body.path("return_tokens_as_token_ids").asBoolean());

      assertEquals(" one", out.get(0).text());
      assertEquals(FinishReason.STOP, out.get(0).finishReason());
      assertArrayEquals(new int[] {3}, out.get(0).tokenIds());
      assertEquals(" two", out.get(1).text());
      assertEquals(FinishReason.LENGTH, out.get(1).finishReason());
      assertArrayEquals(new float[] {-0.5f, -1.5f}, out.get(1).tokenLogprobs());
    }
  }

  @Test
  void chatGenerationSendsMessagesAndReadsContentLogprobs() throws Exception {
    String reply = """
        {"choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"Yes"},
          "logprobs":{"content":[{"token":"Yes","logprob":-0.125,"top_logprobs":[]}]}}]}""";
    SamplingParams p = new SamplingParams(1, 0, 1, 0, 5, null, null, 0, true);
    Prompt chat = Prompt.chat(List.of(new ChatMessage("system", "be brief"), new ChatMessage("user", "ok?")));
    try (StubServer s = StubServer.scripted(json(200, reply)); HttpModelWorker w = worker(s, Backend.LLAMACPP)) {
      Completion c = w.generate(List.of(new GenerateRequest(chat, p))).get(0).get(0);
      assertEquals("/v1/chat/completions", s.received().get(0).path());
      JsonNode body = sent(s);
      assertEquals("system", body.path("messages").path(0).path("role").asText());
      assertEquals("ok?", body.path("messages").path(1).path("content").asText());
      assertTrue(body.path("logprobs").asBoolean());
      assertTrue(body.path("top_k").isMissingNode(), "top_k 0 is not sent");
      assertEquals("Yes", c.text());
      assertArrayEquals(new float[] {-0.125f}, c.tokenLogprobs());
      assertNull(c.tokenIds(), "token texts are not ids");
    }
  }

  @Test
  void scoreCountsContinuationTokensPastThePromptAlone() throws Exception {
    // vLLM echo: BOS has no log-prob (null); "Q:" is 2 tokens, "Q: yes" 3, so the continuation is 1 token.
    String reply = """
        {"choices":[
          {"index":0,"text":"Q:","logprobs":{"token_logprobs":[null,-2.0,-1.0]}},
          {"index":1,"text":"Q: yes","logprobs":{"token_logprobs":[null,-2.0,-1.0,-0.75]}}]}""";
    try (StubServer s = StubServer.scripted(json(200, reply)); HttpModelWorker w = worker(s, Backend.VLLM)) {
      ScoreResult r = w.score(List.of(new ScoreRequest(Prompt.text("Q:"), " yes"))).get(0);
      JsonNode body = sent(s);
      assertEquals(List.of("Q:", "Q: yes"), List.of(body.path("prompt").path(0).asText(), body.path("prompt").path(1).asText()));
      assertTrue(body.path("echo").asBoolean());
      assertEquals(0, body.path("max_tokens").asInt());
      assertArrayEquals(new float[] {-0.75f}, r.tokenLogprobs());
      assertEquals(-0.75, r.sum(), 1e-9);
    }
  }

  @Test
  void aChatPromptIsScoredAsTheTextItsChatTemplateRenders() throws Exception {
    String reply = """
        {"choices":[
          {"index":0,"text":"<s>[user] Q\\n[bot]","logprobs":{"token_logprobs":[null,-2.0,-1.0]}},
          {"index":1,"text":"<s>[user] Q\\n[bot] yes","logprobs":{"token_logprobs":[null,-2.0,-1.0,-0.5]}}]}""";
    ChatTemplate template = new ChatTemplate(
        "{{ bos_token }}{% for m in messages %}[{{ m.role }}] {{ m.content }}\n{% endfor %}{% if add_generation_prompt %}[bot]{% endif %}",
        Map.of("bos_token", "<s>"));
    try (StubServer s = StubServer.scripted(json(200, reply));
        HttpModelWorker w = HttpModelWorker.open(HttpWorkerConfig.of("reference", s.baseUrl(), "M1", Backend.TRIBUNAL)
            .withChatTemplate(template))) {
      ScoreResult r = w.score(List.of(new ScoreRequest(Prompt.user("Q"), " yes"))).get(0);
      JsonNode body = sent(s);
      assertEquals("<s>[user] Q\n[bot]", body.path("prompt").path(0).asText(), "the template's text, generation prompt included");
      assertEquals("<s>[user] Q\n[bot] yes", body.path("prompt").path(1).asText());
      assertEquals("M1", body.path("model").asText(), "the version asked for");
      assertArrayEquals(new float[] {-0.5f}, r.tokenLogprobs());
    }
  }

  @Test
  void scoreDropsTheTokenAServerHadToGenerate() throws Exception {
    String reply = """
        {"choices":[
          {"index":0,"text":"a!","logprobs":{"token_logprobs":[-1.0,-3.0]}},
          {"index":1,"text":"abc!","logprobs":{"token_logprobs":[-1.0,-0.5,-0.25,-3.0]}}]}""";
    try (StubServer s = StubServer.scripted(json(200, reply)); HttpModelWorker w = worker(s, Backend.SGLANG)) {
      ScoreResult r = w.score(List.of(new ScoreRequest(Prompt.text("a"), "bc"))).get(0);
      assertEquals(1, sent(s).path("max_tokens").asInt());
      assertArrayEquals(new float[] {-0.5f, -0.25f}, r.tokenLogprobs());
    }
  }

  @Test
  void nextTokenReadsTopLogprobsAndLeavesUnseenCandidatesAbsent() throws Exception {
    String reply = """
        {"choices":[{"index":0,"text":"1","finish_reason":"length",
          "logprobs":{"tokens":["1"],"token_logprobs":[-0.1],"top_logprobs":[{"1":-0.1,"2":-2.5,"x":-4.0}]}}]}""";
    try (StubServer s = StubServer.scripted(json(200, reply)); HttpModelWorker w = worker(s, Backend.VLLM)) {
      NextTokenResult r = w.nextTokenLogprobs(List.of(new NextTokenRequest(Prompt.text("Which? "), List.of("1", "2", "3"))))
          .get(0);
      JsonNode body = sent(s);
      assertEquals(1, body.path("max_tokens").asInt());
      assertEquals(20, body.path("logprobs").asInt());
      assertTrue(body.path("candidates").isMissingNode(), "vLLM gets no extension field");
      assertEquals(-0.1, r.of("1").getAsDouble(), 1e-9);
      assertEquals(-2.5, r.of("2").getAsDouble(), 1e-9);
      assertTrue(r.of("3").isEmpty(), "unseen is absent, not zero");
      assertEquals(2, r.logprobs().size());
    }
  }

  /**
   * A BPE labeler often has " 1" (with its leading space) and "1" as different tokens; a label is
   * read only from the token asked for, so " 1" never stands in for "1": the label is missing.
   */
  @Test
  void aLabelTokenWithALeadingSpaceIsAnotherTokenAndLeavesTheLabelMissing() throws Exception {
    String reply = """
        {"choices":[{"index":0,"text":" 1","finish_reason":"length",
          "logprobs":{"tokens":[" 1"],"token_logprobs":[-0.2],"top_logprobs":[{" 1":-0.2," 2":-1.9,"2":-6.0}]}}]}""";
    try (StubServer s = StubServer.scripted(json(200, reply)); HttpModelWorker w = worker(s, Backend.VLLM)) {
      NextTokenResult r = w.nextTokenLogprobs(List.of(new NextTokenRequest(Prompt.text("Preferred Response="),
          List.of("1", "2")))).get(0);
      assertTrue(r.of("1").isEmpty(), "' 1' is not '1'");
      assertEquals(-6.0, r.of("2").getAsDouble(), 1e-9);
    }
  }

  @Test
  void chatNextTokenAsksForTheBackendsTopLimit() throws Exception {
    String reply = """
        {"choices":[{"index":0,"finish_reason":"length","message":{"role":"assistant","content":"A"},
          "logprobs":{"content":[{"token":"A","logprob":-0.2,
            "top_logprobs":[{"token":"A","logprob":-0.2},{"token":"B","logprob":-1.8}]}]}}]}""";
    try (StubServer s = StubServer.scripted(json(200, reply)); HttpModelWorker w = worker(s, Backend.TGI)) {
      NextTokenResult r = w.nextTokenLogprobs(List.of(new NextTokenRequest(Prompt.user("A or B?"), List.of("A", "B"))))
          .get(0);
      assertEquals(5, sent(s).path("top_logprobs").asInt());
      assertEquals(-1.8, r.of("B").getAsDouble(), 1e-6);
    }
  }

  @Test
  void aReplyWithTooFewChoicesIsAnError() throws Exception {
    String reply = "{\"choices\":[{\"index\":0,\"text\":\"x\",\"finish_reason\":\"stop\"}]}";
    SamplingParams three = new SamplingParams(3, 1, 1, 0, 4, null, null, 5, false);
    try (StubServer s = StubServer.scripted(json(200, reply)); HttpModelWorker w = worker(s, Backend.VLLM)) {
      BackendException e = assertThrows(BackendException.class,
          () -> w.generate(List.of(new GenerateRequest(Prompt.text("q"), three))));
      assertTrue(e.getMessage().contains("asked for n=3 completions, got 1"), e.getMessage());
      assertEquals(200, e.status());
    }
  }

  @Test
  void anUnknownFinishReasonIsAnError() throws Exception {
    String reply = "{\"choices\":[{\"index\":0,\"text\":\"\",\"finish_reason\":\"abort\"}]}";
    try (StubServer s = StubServer.scripted(json(200, reply)); HttpModelWorker w = worker(s, Backend.VLLM)) {
      BackendException e = assertThrows(BackendException.class,
          () -> w.generate(List.of(new GenerateRequest(Prompt.text("q"), SamplingParams.greedy(1)))));
      assertTrue(e.getMessage().contains("unexpected finish_reason 'abort'"), e.getMessage());
    }
  }
}
