package dev.tribunal.jobs.stages;

import dev.tribunal.worker.Completion;
import dev.tribunal.worker.FinishReason;

/** What the tables record of one completion. */
public final class Completions {
  private Completions() {}

  /**
   * Generated tokens: from the token ids, else from the log-probs (the stages always ask for them,
   * so every backend reports one or the other).
   */
  public static int tokens(Completion c) {
    if (c.tokenIds() != null) return c.tokenIds().length;
    if (c.tokenLogprobs() != null) return c.tokenLogprobs().length;
    throw new IllegalStateException("the backend reported neither token ids nor log-probs for a completion,"
        + " so its token count is unknown");
  }

  /** Length in characters: Unicode code points, so an emoji is one. */
  public static int chars(String text) {
    return text.codePointCount(0, text.length());
  }

  public static String finish(Completion c) {
    return finishReason(c).wire();
  }

  public static FinishReason finishReason(Completion c) {
    if (c.finishReason() == null) throw new IllegalStateException("the backend reported no finish reason");
    return c.finishReason();
  }
}
