package dev.tribunal.worker.serve;

import dev.tribunal.worker.Completion;
import dev.tribunal.worker.FinishReason;
import dev.tribunal.worker.wire.Usage;
import java.util.List;
import java.util.UUID;

/** The parts of a reply both routes share, and checks on what the worker handed back. */
final class Replies {
  private Replies() {}

  /** A fresh reply id, "chatcmpl-..." or "cmpl-..." as OpenAI names them. */
  static String id(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().replace("-", "");
  }

  /** The reply's created time, in seconds. */
  static long now() {
    return System.currentTimeMillis() / 1000;
  }

  /** A worker that breaks its contract is a server fault (500), not the client's. */
  static List<Completion> exactly(List<Completion> completions, int n) {
    if (completions.size() != n) {
      throw new IllegalStateException("the worker returned " + completions.size() + " completions for n=" + n);
    }
    if (completions.stream().anyMatch(c -> c.finishReason() == FinishReason.CONTEXT_OVERFLOW)) {
      // OpenAI's own answer to a prompt that does not fit, which clients already recognise.
      throw new ApiError(400, "invalid_request_error", null, "context_length_exceeded",
          "This model's maximum context length is exceeded by the prompt; shorten it");
    }
    return completions;
  }

  /** Tokens generated across completions; -1 where the worker did not report them. */
  static int generatedTokens(List<Completion> completions) {
    int sum = 0;
    for (Completion c : completions) {
      if (c.tokenIds() == null) return -1;
      sum += c.tokenIds().length;
    }
    return sum;
  }

  /** Token counts as OpenAI reports them; null where the worker did not report either count. */
  static Usage usage(int promptTokens, int completionTokens) {
    if (promptTokens < 0 || completionTokens < 0) return null;
    return new Usage(promptTokens, completionTokens, promptTokens + completionTokens);
  }

  static Completion withLogprobs(Completion c) {
    if (c.tokenLogprobs() == null) throw new IllegalStateException("the worker returned no log-probs although asked");
    return c;
  }
}
