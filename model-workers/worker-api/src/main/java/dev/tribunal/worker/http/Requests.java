package dev.tribunal.worker.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tribunal.worker.ChatMessage;
import dev.tribunal.worker.Prompt;
import dev.tribunal.worker.SamplingParams;
import java.util.List;

/**
 * Request bodies in the OpenAI wire format: text prompts go to /v1/completions, chat prompts to
 * /v1/chat/completions, where the server applies the model's own chat template.
 */
final class Requests {
  static final String COMPLETIONS = "/v1/completions";
  static final String CHAT = "/v1/chat/completions";
  /** The most alternatives asked for when reading next-token log-probs (vLLM's default cap). */
  static final int NEXT_TOKEN_TOP = 20;

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final String model;
  private final Backend backend;

  Requests(String model, Backend backend) {
    this.model = model;
    this.backend = backend;
  }

  static String path(Prompt prompt) {
    return prompt.isChat() ? CHAT : COMPLETIONS;
  }

  ObjectNode generate(Prompt prompt, SamplingParams p) {
    ObjectNode body = base(prompt);
    body.put("n", p.n());
    body.put("max_tokens", p.maxNewTokens());
    body.put("temperature", p.temperature());
    body.put("top_p", p.topP());
    body.put("seed", p.seed());
    if (!p.stop().isEmpty()) body.set("stop", strings(p.stop()));
    if (p.topK() > 0) body.put("top_k", p.topK());
    if (!p.stopTokenIds().isEmpty()) {
      ArrayNode ids = body.putArray("stop_token_ids");
      p.stopTokenIds().forEach(ids::add);
    }
    if (p.logprobs()) {
      logprobs(body, prompt.isChat(), 0);
      if (backend.tokenIdsAsText()) body.put("return_tokens_as_token_ids", true);
    }
    return body;
  }

  /**
   * Prompt log-probs by echo: two prompts in one request, the prompt alone and the prompt with its
   * continuation, so the continuation's tokens are counted in token space (see Replies#score).
   */
  ObjectNode score(String prompt, String continuation) {
    ObjectNode body = JSON.objectNode();
    body.put("model", model);
    body.set("prompt", strings(List.of(prompt, prompt + continuation)));
    body.put("echo", true);
    body.put("max_tokens", backend.scoreMaxTokens());
    body.put("temperature", 0.0);
    body.put("logprobs", 1);
    return body;
  }

  /** One greedy token with as many alternatives as the server gives (and the candidates, where it takes them). */
  ObjectNode nextToken(Prompt prompt, List<String> candidates) {
    ObjectNode body = base(prompt);
    body.put("n", 1);
    body.put("max_tokens", 1);
    body.put("temperature", 0.0);
    logprobs(body, prompt.isChat(), Math.min(NEXT_TOKEN_TOP, backend.maxTopLogprobs()));
    if (backend.candidates()) body.set("candidates", strings(candidates));
    return body;
  }

  private ObjectNode base(Prompt prompt) {
    ObjectNode body = JSON.objectNode();
    body.put("model", model);
    if (prompt.isChat()) {
      ArrayNode messages = body.putArray("messages");
      for (ChatMessage m : prompt.messages()) {
        messages.addObject().put("role", m.role()).put("content", m.content());
      }
    } else {
      body.put("prompt", prompt.text());
    }
    return body;
  }

  /** The chosen tokens' log-probs, plus {@code top} alternatives per position. */
  private static void logprobs(ObjectNode body, boolean chat, int top) {
    if (chat) {
      body.put("logprobs", true);
      if (top > 0) body.put("top_logprobs", top);
    } else {
      // Completions: an int; servers differ on whether 0 still returns the chosen tokens, 1 always does.
      body.put("logprobs", Math.max(1, top));
    }
  }

  private static ArrayNode strings(List<String> values) {
    ArrayNode array = JSON.arrayNode();
    values.forEach(array::add);
    return array;
  }
}
