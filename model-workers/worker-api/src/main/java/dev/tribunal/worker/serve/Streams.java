package dev.tribunal.worker.serve;

import dev.tribunal.worker.wire.ChatChunk;
import dev.tribunal.worker.wire.ChatReply;
import dev.tribunal.worker.wire.CompletionReply;
import java.util.ArrayList;
import java.util.List;

/**
 * Streamed replies, cut from the whole reply so a stream and a plain reply cannot disagree: per
 * choice, one chunk per piece (with that piece's log-probs), then a chunk with the finish reason;
 * with include_usage a last chunk with no choices carries the usage.
 */
final class Streams {
  private Streams() {}

  /** OpenAI's chat chunks: the role first, then content deltas. */
  static EventStream chat(ChatReply reply, List<List<Piece>> pieces, boolean includeUsage) {
    List<Object> events = new ArrayList<>();
    for (int j = 0; j < reply.choices().size(); j++) {
      ChatReply.Choice c = reply.choices().get(j);
      events.add(chatChunk(reply, new ChatChunk.Choice(c.index(), new ChatChunk.Delta("assistant", ""), null, null)));
      for (Piece p : pieces.get(j)) {
        ChatReply.Logprobs lp = c.logprobs() == null ? null : new ChatReply.Logprobs(p.of(c.logprobs().content()));
        events.add(chatChunk(reply, new ChatChunk.Choice(c.index(), new ChatChunk.Delta(null, p.text()), lp, null)));
      }
      events.add(chatChunk(reply, new ChatChunk.Choice(c.index(), new ChatChunk.Delta(null, null), null, c.finishReason())));
    }
    if (includeUsage && reply.usage() != null) {
      events.add(new ChatChunk(reply.id(), "chat.completion.chunk", reply.created(), reply.model(), List.of(), reply.usage()));
    }
    return new EventStream(events);
  }

  private static ChatChunk chatChunk(ChatReply reply, ChatChunk.Choice choice) {
    return new ChatChunk(reply.id(), "chat.completion.chunk", reply.created(), reply.model(), List.of(choice), null);
  }

  /** Completion chunks have the reply's own shape, one piece of text per choice. */
  static EventStream completions(CompletionReply reply, List<List<Piece>> pieces, boolean includeUsage) {
    List<Object> events = new ArrayList<>();
    for (int j = 0; j < reply.choices().size(); j++) {
      CompletionReply.Choice c = reply.choices().get(j);
      for (Piece p : pieces.get(j)) {
        events.add(completionChunk(reply, new CompletionReply.Choice(c.index(), p.text(), slice(c.logprobs(), p), null)));
      }
      events.add(completionChunk(reply, new CompletionReply.Choice(c.index(), "", null, c.finishReason())));
    }
    if (includeUsage && reply.usage() != null) {
      events.add(new CompletionReply(reply.id(), reply.object(), reply.created(), reply.model(), List.of(), reply.usage()));
    }
    return new EventStream(events);
  }

  private static CompletionReply completionChunk(CompletionReply reply, CompletionReply.Choice choice) {
    return new CompletionReply(reply.id(), reply.object(), reply.created(), reply.model(), List.of(choice), null);
  }

  private static CompletionReply.Logprobs slice(CompletionReply.Logprobs lp, Piece p) {
    if (lp == null) return null;
    return new CompletionReply.Logprobs(p.of(lp.tokens()), p.of(lp.tokenLogprobs()), p.of(lp.topLogprobs()),
        p.of(lp.textOffset()));
  }
}
