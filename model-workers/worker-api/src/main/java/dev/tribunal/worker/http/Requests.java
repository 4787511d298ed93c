package dev.tribunal.worker.http;

import dev.tribunal.worker.Prompt;
import dev.tribunal.worker.SamplingParams;
import dev.tribunal.worker.wire.ChatRequest;
import dev.tribunal.worker.wire.CompletionRequest;
import dev.tribunal.worker.wire.Message;
import dev.tribunal.worker.wire.Wire;
import java.util.List;

/**
 * Request bodies in the OpenAI wire format: text prompts go to /v1/completions as a
 * {@link CompletionRequest}, chat prompts to /v1/chat/completions as a {@link ChatRequest}, where
 * the server applies the model's own chat template.
 */
final class Requests {
  /** The most alternatives asked for when reading next-token log-probs (vLLM's default cap). */
  static final int NEXT_TOKEN_TOP = 20;

  private final String model;
  private final Backend backend;

  Requests(String model, Backend backend) {
    this.model = model;
    this.backend = backend;
  }

  static String path(Prompt prompt) {
    return prompt.isChat() ? Wire.CHAT : Wire.COMPLETIONS;
  }

  /** A {@link ChatRequest} for a chat prompt, else a {@link CompletionRequest}. */
  Object generate(Prompt prompt, SamplingParams p) {
    List<String> stop = p.stop().isEmpty() ? null : p.stop();
    Integer topK = p.topK() > 0 ? p.topK() : null;
    List<Integer> stopIds = p.stopTokenIds().isEmpty() ? null : p.stopTokenIds();
    Boolean asIds = p.logprobs() && backend.tokenIdsAsText() ? Boolean.TRUE : null;
    if (prompt.isChat()) {
      return new ChatRequest(model, messages(prompt), p.n(), p.maxNewTokens(), p.temperature(), p.topP(), p.seed(),
          stop, topK, stopIds, p.logprobs() ? Boolean.TRUE : null, null, asIds, null);
    }
    return new CompletionRequest(model, prompt.text(), null, p.n(), p.maxNewTokens(), p.temperature(), p.topP(),
        p.seed(), stop, topK, stopIds, p.logprobs() ? completionLogprobs(0) : null, asIds, null);
  }

  /**
   * Prompt log-probs by echo: two prompts in one request, the prompt alone and the prompt with its
   * continuation, so the continuation's tokens are counted in token space (see Replies#score).
   */
  CompletionRequest score(String prompt, String continuation) {
    return new CompletionRequest(model, List.of(prompt, prompt + continuation), true, null, backend.scoreMaxTokens(),
        0.0, null, null, null, null, null, 1, null, null);
  }

  /** One greedy token with as many alternatives as the server gives (and the candidates, where it takes them). */
  Object nextToken(Prompt prompt, List<String> candidates) {
    int top = Math.min(NEXT_TOKEN_TOP, backend.maxTopLogprobs());
    List<String> extension = backend.candidates() ? candidates : null;
    if (prompt.isChat()) {
      return new ChatRequest(model, messages(prompt), 1, 1, 0.0, null, null, null, null, null, true,
          top > 0 ? top : null, null, extension);
    }
    return new CompletionRequest(model, prompt.text(), null, 1, 1, 0.0, null, null, null, null, null,
        completionLogprobs(top), null, extension);
  }

  private static List<Message> messages(Prompt prompt) {
    return prompt.messages().stream().map(m -> new Message(m.role(), m.content())).toList();
  }

  /** Completions take an int; servers differ on whether 0 still returns the chosen tokens, 1 always does. */
  private static int completionLogprobs(int top) {
    return Math.max(1, top);
  }
}
