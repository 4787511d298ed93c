package dev.tribunal.worker.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The records write what OpenAI clients expect and read what servers send, no more leniently. */
class WireRecordsTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static JsonNode tree(String json) throws Exception {
    return JSON.readTree(json);
  }

  @Test
  void optionalRequestFieldsAreLeftOut() throws Exception {
    SamplingFields sampling = new SamplingFields(1, 4, 0.7, null, 3L, null, null, null);
    CompletionRequest r = new CompletionRequest("m", "Q:", null, sampling, null, null, null);
    assertEquals("{\"model\":\"m\",\"prompt\":\"Q:\",\"n\":1,\"max_tokens\":4,\"temperature\":0.7,\"seed\":3}",
        JSON.writeValueAsString(r));
    ChatRequest chat = new ChatRequest("m", List.of(new Message("user", "hi")), SamplingFields.oneGreedyToken(), true, 5,
        null, List.of("1"));
    assertEquals("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"n\":1,\"max_tokens\":1,"
        + "\"temperature\":0.0,\"logprobs\":true,\"top_logprobs\":5,\"candidates\":[\"1\"]}", JSON.writeValueAsString(chat));
  }

  @Test
  void floatLogprobsAreWrittenAsFloatsAndNullsOfAChoiceAreKept() throws Exception {
    Map<String, Number> top = new LinkedHashMap<>();
    top.put("token_id:5", -0.1f);
    top.put("x", -0.1);
    CompletionReply.Logprobs lp = new CompletionReply.Logprobs(null, List.of(-0.1f), List.of(top), null);
    String json = JSON.writeValueAsString(List.of(new CompletionReply.Choice(0, "a", lp, "stop"),
        new CompletionReply.Choice(1, "b", null, "length")));
    assertEquals("[{\"index\":0,\"text\":\"a\",\"logprobs\":{\"token_logprobs\":[-0.1],"
        + "\"top_logprobs\":[{\"token_id:5\":-0.1,\"x\":-0.1}]},\"finish_reason\":\"stop\"},"
        + "{\"index\":1,\"text\":\"b\",\"logprobs\":null,\"finish_reason\":\"length\"}]", json);
  }

  @Test
  void unknownFieldsAndNullLogprobsAreRead() throws Exception {
    CompletionReply r = Wire.read(tree("""
        {"id":"x","system_fingerprint":null,"choices":[{"index":0,"text":"Q","stop_reason":null,
          "prompt_logprobs":[null,{"1":{"logprob":-1}}],
          "logprobs":{"token_logprobs":[null,-2.0],"top_logprobs":[null,{"a":-2}]}}],
          "usage":{"prompt_tokens":2,"prompt_tokens_details":null}}"""), CompletionReply.class);
    CompletionReply.Logprobs lp = r.choices().get(0).logprobs();
    assertEquals(Arrays.asList(null, -2.0), lp.tokenLogprobs());
    assertNull(lp.topLogprobs().get(0));
    assertEquals(-2, lp.topLogprobs().get(1).get("a").intValue());
    assertEquals(2, r.usage().promptTokens());
  }

  @Test
  void fieldsOfTheWrongKindAreRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> Wire.read(tree("{\"choices\":[{\"text\":5}]}"), CompletionReply.class));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Wire.read(tree("{\"choices\":[{\"logprobs\":{\"token_logprobs\":[\"-1\"]}}]}"), CompletionReply.class));
    assertTrue(e.getMessage().contains("token_logprobs"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> Wire.read(tree("{\"choices\":[{\"message\":{\"content\":true}}]}"), ChatReply.class));
  }

  @Test
  void errorCodesMayBeNumbers() throws Exception {
    ErrorBody vllm = Wire.read(tree("{\"error\":{\"message\":\"too long\",\"type\":\"BadRequestError\",\"code\":400}}"),
        ErrorBody.class);
    assertEquals("too long", vllm.error().message());
    assertEquals("{\"error\":{\"message\":\"m\",\"type\":\"t\",\"param\":null,\"code\":null}}",
        JSON.writeValueAsString(new ErrorBody(new ErrorBody.Detail("m", "t", null, null))));
  }

  @Test
  void tokenNamesRoundTrip() {
    assertEquals(42, Wire.tokenId(Wire.tokenName(42)));
    assertEquals(-1, Wire.tokenId("Yes"));
    assertEquals(-1, Wire.tokenId(null));
  }
}
