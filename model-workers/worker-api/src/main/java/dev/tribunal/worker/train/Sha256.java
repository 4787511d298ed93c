package dev.tribunal.worker.train;

import dev.tribunal.worker.ChatMessage;
import dev.tribunal.worker.Prompt;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BiConsumer;

/** The digest behind training-data fingerprints; every JVM must provide SHA-256. */
final class Sha256 {

  private Sha256() {}

  /**
   * A training-data fingerprint: the hex SHA-256 of the format tag, then of each item in order as
   * {@code item} digests it. The tag names the record type and its version, so that two types'
   * data never share a fingerprint and a change of what is digested changes the tag.
   */
  static <T> String fingerprint(String tag, List<T> items, BiConsumer<MessageDigest, T> item) {
    MessageDigest sha = newDigest();
    sha.update(tag.getBytes(StandardCharsets.UTF_8));
    for (T t : items) item.accept(sha, t);
    return HexFormat.of().formatHex(sha.digest());
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }

  /** A prompt's messages (or its text), so that no chat and text prompt digest alike. */
  static void prompt(MessageDigest sha, Prompt prompt) {
    if (prompt.isChat()) {
      sha.update(ByteBuffer.allocate(4).putInt(prompt.messages().size()).array());
      for (ChatMessage m : prompt.messages()) {
        text(sha, m.role());
        text(sha, m.content());
      }
    } else {
      sha.update(ByteBuffer.allocate(4).putInt(-1).array()); // a text prompt, unlike any message count
      text(sha, prompt.text());
    }
  }

  /** Length-prefixed, so that no two different records run together into the same bytes. */
  static void text(MessageDigest sha, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
    sha.update(bytes);
  }

  static void number(MessageDigest sha, double x) {
    sha.update(ByteBuffer.allocate(8).putDouble(x).array());
  }
}
