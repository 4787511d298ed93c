package dev.tribunal.jobs.io;

import dev.tribunal.schemas.Message;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** Ids for prompts that come without one: a hash of the content, stable across runs. */
final class PromptIds {
  private PromptIds() {}

  static String ofContent(String prompt, List<Message> messages) {
    StringBuilder canonical = new StringBuilder();
    if (prompt != null) {
      canonical.append("text\u0000").append(prompt);
    } else {
      for (Message m : messages) canonical.append(m.role()).append('\u0000').append(m.content()).append('\u0001');
    }
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
      return "p-" + HexFormat.of().formatHex(h, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
