package dev.tribunal.worker;

import java.util.List;

/**
 * What a model is asked: either raw text, sent as it is, or chat messages, which the worker
 * renders with the checkpoint's own chat template (the only place templates are applied).
 */
public record Prompt(String text, List<ChatMessage> messages) {
  public Prompt {
    if ((text == null) == (messages == null)) {
      throw new IllegalArgumentException("a prompt is either text or messages, exactly one");
    }
    messages = messages == null ? null : List.copyOf(messages);
  }

  public static Prompt text(String text) {
    return new Prompt(text, null);
  }

  public static Prompt chat(List<ChatMessage> messages) {
    return new Prompt(null, messages);
  }

  /** A single user turn, the common case for actor, judge and meta-judge prompts. */
  public static Prompt user(String content) {
    return chat(List.of(new ChatMessage("user", content)));
  }

  public boolean isChat() {
    return messages != null;
  }
}
