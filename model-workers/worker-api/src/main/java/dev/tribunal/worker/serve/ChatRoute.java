package dev.tribunal.worker.serve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tribunal.worker.ChatMessage;
import dev.tribunal.worker.Completion;
import dev.tribunal.worker.GenerateRequest;
import dev.tribunal.worker.ModelWorker;
import dev.tribunal.worker.Prompt;
import dev.tribunal.worker.TopToken;
import dev.tribunal.worker.wire.ChatReply;
import dev.tribunal.worker.wire.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * POST /v1/chat/completions: messages rendered by the worker with the checkpoint's chat template.
 * Answers a {@link ChatReply}, or with stream: true an {@link EventStream} of chunks.
 */
record ChatRoute(ModelWorker worker, String model) {
  /** OpenAI leaves max_tokens unbounded on this route; a worker needs a number. */
  static final int DEFAULT_MAX_TOKENS = 512;
  static final Set<String> ROLES = Set.of("system", "user", "assistant");

  Object answer(JsonNode body) {
    Fields f = new Fields(body);
    Sampling.checkRequest(f, model);
    Prompt prompt = Prompt.chat(messages(f));
    boolean logprobs = f.bool("logprobs", false);
    int top = f.integer("top_logprobs", 0, 0, CompletionsRoute.MAX_LOGPROBS);
    if (top > 0 && !logprobs) throw ApiError.badField("top_logprobs", "needs logprobs: true");
    // max_completion_tokens is OpenAI's newer name for the same limit.
    String limit = f.has("max_completion_tokens") ? "max_completion_tokens" : "max_tokens";
    Sampling s = Sampling.read(f, limit, DEFAULT_MAX_TOKENS, 1, worker.capabilities());
    List<String> candidates = Candidates.read(f, logprobs, worker.capabilities());
    Streaming stream = Streaming.read(f);

    List<Completion> completions =
        Replies.exactly(worker.generate(List.of(new GenerateRequest(prompt, s.params(logprobs, top)))).get(0), s.n());
    List<TopToken> alternatives = Candidates.asTop(candidates, Candidates.logprobs(worker, List.of(prompt), candidates).get(0));
    boolean asIds = f.bool("return_tokens_as_token_ids", false);
    List<ChatReply.Choice> choices = new ArrayList<>();
    List<List<Piece>> pieces = new ArrayList<>();
    for (int j = 0; j < s.n(); j++) {
      Completion c = completions.get(j);
      ChatReply.Logprobs lp = logprobs ? WireLogprobs.chat(Candidates.atFirst(Position.of(c, top), alternatives), asIds) : null;
      choices.add(new ChatReply.Choice(j, new Message("assistant", c.text()), lp, c.finishReason().wire()));
      pieces.add(Piece.split(c.text(), c.tokenTexts(), 0, c.tokenIds() == null ? 0 : c.tokenIds().length));
    }
    ChatReply reply = new ChatReply(Replies.id("chatcmpl"), "chat.completion", Replies.now(), model, choices,
        Replies.usage(completions.get(0).promptTokens(), Replies.generatedTokens(completions)));
    return stream.on() ? Streams.chat(reply, pieces, stream.includeUsage()) : reply;
  }

  private static List<ChatMessage> messages(Fields f) {
    JsonNode list = f.get("messages");
    if (list == null) throw ApiError.badField("messages", "is required");
    if (!list.isArray() || list.isEmpty()) throw ApiError.badField("messages", "must be a non-empty list");
    List<ChatMessage> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String where = "messages[" + i + "]";
      JsonNode m = list.get(i);
      if (!m.isObject()) throw ApiError.badField(where, "must be an object with role and content");
      String role = m.path("role").asText("");
      if (!ROLES.contains(role)) throw ApiError.badField(where + ".role", "must be one of " + ROLES.stream().sorted().toList() + ", was " + m.get("role"));
      if (!m.path("content").isTextual()) throw ApiError.badField(where + ".content", "must be a string");
      out.add(new ChatMessage(role, m.get("content").asText()));
    }
    return out;
  }
}
