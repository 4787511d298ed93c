package dev.tribunal.worker;

import java.util.Objects;

/** One turn of a chat: role is "system", "user" or "assistant". */
public record ChatMessage(String role, String content) {
  public ChatMessage {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(content, "content");
  }
}
