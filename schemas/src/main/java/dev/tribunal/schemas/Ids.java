package dev.tribunal.schemas;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Deterministic row ids and sampling seeds, so that a retried task regenerates the same rows.
 *
 * <p>The hash is SHA-256, chosen because every language and JVM computes it identically without
 * this library: a notebook can recompute any id. The input is the sequence of parts, each as a
 * 4-byte big-endian length followed by its UTF-8 bytes (so no two part lists collide by
 * concatenation); the value is the first 8 bytes of the digest, big-endian. In Python:
 *
 * <pre>
 * def hash64(*parts):
 *     h = hashlib.sha256()
 *     for p in parts:
 *         b = str(p).encode("utf-8")
 *         h.update(len(b).to_bytes(4, "big")); h.update(b)
 *     return int.from_bytes(h.digest()[:8], "big", signed=True)
 * </pre>
 *
 * <p>An id is hash64("id", role, key...) as 16 lowercase hex digits; a seed is
 * hash64("seed", role, key...) with the sign bit cleared. The leading "id"/"seed" part keeps a
 * row's seed independent of its id. Numbers in keys are written in decimal.
 */
public final class Ids {
  public static final String PROMPT = "prompt";
  public static final String SAMPLE = "sample";
  public static final String JUDGMENT = "judgment";
  public static final String META_JUDGMENT = "meta_judgment";
  public static final String PAIR = "pair";

  private Ids() {}

  /** The first 64 bits of SHA-256 over the length-prefixed UTF-8 parts. */
  public static long hash64(String... parts) {
    MessageDigest sha = sha256();
    for (int i = 0; i < parts.length; i++) {
      if (parts[i] == null) {
        throw new IllegalArgumentException("id part " + i + " is null");
      }
      byte[] bytes = parts[i].getBytes(StandardCharsets.UTF_8);
      sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
      sha.update(bytes);
    }
    return ByteBuffer.wrap(sha.digest()).getLong();
  }

  /** A 64-bit value as 16 lowercase hex digits (fixed width, so ids sort and align). */
  public static String hex(long value) {
    String digits = Long.toHexString(value);
    return "0".repeat(16 - digits.length()) + digits;
  }

  /** The id of a row of the given role, identified by its key parts. */
  public static String id(String role, String... key) {
    return hex(hash64(prefixed("id", role, key)));
  }

  /** The non-negative sampling seed of a row of the given role, identified by its key parts. */
  public static long seed(String role, String... key) {
    return hash64(prefixed("seed", role, key)) & Long.MAX_VALUE;
  }

  /** A prompt id from the prompt's content, for inputs that carry no id of their own. */
  public static String promptId(String content) {
    return id(PROMPT, content);
  }

  public static String sampleId(String runId, int iteration, String promptId, int sampleIndex) {
    return id(SAMPLE, runId, Integer.toString(iteration), promptId, Integer.toString(sampleIndex));
  }

  public static long sampleSeed(String runId, int iteration, String promptId, int sampleIndex) {
    return seed(SAMPLE, runId, Integer.toString(iteration), promptId,
        Integer.toString(sampleIndex));
  }

  public static String judgmentId(String runId, int iteration, String sampleId,
      int judgmentIndex) {
    return id(JUDGMENT, runId, Integer.toString(iteration), sampleId,
        Integer.toString(judgmentIndex));
  }

  public static long judgmentSeed(String runId, int iteration, String sampleId,
      int judgmentIndex) {
    return seed(JUDGMENT, runId, Integer.toString(iteration), sampleId,
        Integer.toString(judgmentIndex));
  }

  /** Order matters: (a, b) and (b, a) are the two battles of one pair, shown in both orders. */
  public static String metaJudgmentId(String runId, int iteration, String judgmentAId,
      String judgmentBId) {
    return id(META_JUDGMENT, runId, Integer.toString(iteration), judgmentAId, judgmentBId);
  }

  public static long metaJudgmentSeed(String runId, int iteration, String judgmentAId,
      String judgmentBId) {
    return seed(META_JUDGMENT, runId, Integer.toString(iteration), judgmentAId, judgmentBId);
  }

  public static String pairId(String runId, int iteration, PairKind kind, String chosenId,
      String rejectedId) {
    return id(PAIR, runId, Integer.toString(iteration), kind.code(), chosenId, rejectedId);
  }

  private static String[] prefixed(String domain, String role, String[] key) {
    String[] parts = new String[key.length + 2];
    parts[0] = domain;
    parts[1] = role;
    System.arraycopy(key, 0, parts, 2, key.length);
    return parts;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
  }
}
