package dev.tribunal.schemas;

/** Why an actor response is kept in the samples table but is never a pair candidate. */
public enum ExclusionReason implements Coded {
  /** The exact text of an earlier response to the same prompt. */
  DUPLICATE,
  /** Cut off by the token limit (finish reason "length"). */
  TRUNCATED,
  /** Contains chat-template or role markers, so it would teach the model to emit them. */
  TEMPLATE_LEAK,
  /** The prompt did not fit the model's context, so nothing was generated. */
  CONTEXT_OVERFLOW
}
