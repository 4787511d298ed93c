package dev.tribunal.worker.http;

import dev.tribunal.worker.Prompt;
import dev.tribunal.worker.SamplingParams;
import dev.tribunal.worker.wire.ChatRequest;
import dev.tribunal.worker.wire.CompletionRequest;
import dev.tribunal.worker.wire.Message;
import dev.tribunal.worker.wire.SamplingFields;
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
    SamplingFields sampling = new SamplingFields(p.n(), p.maxNewTokens(), p.temperature(), p.topP(), p.seed(),
        p.stop().isEmpty() ? null : p.stop(), p.topK() > 0 ? p.topK() : null,
        p.stopTokenIds().isEmpty() ? null : p.stopTokenIds());
    Boolean asIds = p.logprobs() && backend.tokenIdsAsText() ? Boolean.TRUE : null;
    if (prompt.isChat()) {
      return new ChatRequest(model, messages(prompt), sampling, p.logprobs() ? Boolean.TRUE : null, null, asIds, null);
    }
    return new CompletionRequest(model, prompt.text(), null, sampling, p.logprobs() ? completionLogprobs(0) : null,
        asIds, null);
  }

  /**
   * Prompt log-probs by echo: two prompts in one request, the prompt alone and the prompt with its
   * continuation, so the continuation's tokens are counted in token space (see Replies#score).
   */
  CompletionRequest score(String prompt, String continuation) {
    SamplingFields greedy = new SamplingFields(null, backend.scoreMaxTokens(), 0.0, null, null, null, null, null);
    return new CompletionRequest(model, List.of(prompt, prompt + continuation), true, greedy, 1, null, null);
  }

  /** One greedy token with as many alternatives as the server gives (and the candidates, where it takes them). */
  Object nextToken(Prompt prompt, List<String> candidates) {
    int top = Math.min(NEXT_TOKEN_TOP, backend.maxTopLogprobs());
    List<String> extension = backend.candidates() ? candidates : null;
    SamplingFields one = SamplingFields.oneGreedyToken();
    if (prompt.isChat()) {
      return new ChatRequest(model, messages(prompt), one, true, top > 0 ? top : null, null, extension);
    }
    return new CompletionRequest(model, prompt.text(), null, one, completionLogprobs(top), null, extension);
  }

  private static List<Message> messages(Prompt prompt) {
    return prompt.messages().stream().map(m -> new Message(m.role(), m.content())).toList();
  }

  /** Completions take an int; servers differ on whether 0 still returns the chosen tokens, 1 always does. */
  private static int completionLogprobs(int top) {
    return Math.max(1, top);
  }
}
