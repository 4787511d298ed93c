package dev.tribunal.worker.train;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.List;

/**
 * One training example in token space. The prompt/response boundary is where promptIds ends, so
 * only response tokens are ever scored. For preference objectives the reference model's summed
 * log-probabilities of chosen and rejected (given the prompt) come precomputed from the
 * preference table, so the trainer runs only the policy. The arrays are copied in and must not be
 * modified through the accessors.
 *
 * @param promptIds      at least one token (the first response token needs a context)
 * @param chosenIds      the response to imitate (SFT) or the preferred response
 * @param rejectedIds    the dispreferred response; null for SFT
 * @param refChosenLogp  log π_ref(chosen | prompt); null for SFT. NaN is let through for the
 *                       trainer's non-finite guard to skip, but a positive value is refused
 */
public record TrainingExample(int[] promptIds, int[] chosenIds, int[] rejectedIds, Double refChosenLogp,
    Double refRejectedLogp) {

  public TrainingExample {
    promptIds = tokens(promptIds, "prompt");
    chosenIds = tokens(chosenIds, "chosen");
    rejectedIds = rejectedIds == null ? null : tokens(rejectedIds, "rejected");
    logp(refChosenLogp, "ref_chosen_logp");
    logp(refRejectedLogp, "ref_rejected_logp");
  }

  public static TrainingExample sft(int[] promptIds, int[] responseIds) {
    return new TrainingExample(promptIds, responseIds, null, null, null);
  }

  public static TrainingExample preference(int[] promptIds, int[] chosenIds, int[] rejectedIds,
      double refChosenLogp, double refRejectedLogp) {
    return new TrainingExample(promptIds, chosenIds, rejectedIds, refChosenLogp, refRejectedLogp);
  }

  /** Refuses an example that lacks what the objective needs, naming its position in the data. */
  public void requireFor(Objective objective, int index) {
    if (!objective.isPreference()) return;
    String missing = rejectedIds == null ? "a rejected response"
        : refChosenLogp == null || refRejectedLogp == null ? "reference log-probabilities" : null;
    if (missing != null) {
      throw new IllegalArgumentException("training example " + index + " has no " + missing + ", which "
          + objective.id() + " needs (run the ref-logprobs stage first)");
    }
  }

  /** Prompt and chosen response, then prompt and rejected response: the sequences the policy scores. */
  public int[] chosenSequence() {
    return concat(promptIds, chosenIds);
  }

  public int[] rejectedSequence() {
    if (rejectedIds == null) throw new IllegalStateException("an SFT example has no rejected response");
    return concat(promptIds, rejectedIds);
  }

  /** SHA-256 of the token ids and reference log-probabilities of every example, in order. */
  public static String fingerprint(List<TrainingExample> examples) {
    return Sha256.fingerprint("tribunal-training-examples-v1", examples, (sha, e) -> {
      for (int[] ids : new int[][] {e.promptIds, e.chosenIds, e.rejectedIds}) digest(sha, ids);
      for (Double ref : new Double[] {e.refChosenLogp, e.refRejectedLogp}) {
        sha.update(ByteBuffer.allocate(9).put((byte) (ref == null ? 0 : 1))
            .putDouble(ref == null ? 0 : ref).array());
      }
    });
  }

  /**
   * The fingerprint of examples trained on top of a model whose own training data has fingerprint
   * {@code base} (a checkpoint continued by a further phase): the two, as one.
   */
  public static String fingerprint(String base, List<TrainingExample> examples) {
    return Sha256.fingerprint("tribunal-continued-training-v1", List.of(base, fingerprint(examples)), Sha256::text);
  }

  private static void digest(MessageDigest sha, int[] ids) {
    int n = ids == null ? -1 : ids.length;
    ByteBuffer buf = ByteBuffer.allocate(4 + 4 * Math.max(n, 0)).putInt(n);
    if (ids != null) for (int id : ids) buf.putInt(id);
    sha.update(buf.array());
  }

  private static int[] tokens(int[] ids, String what) {
    if (ids == null) throw new IllegalArgumentException("training example: " + what + " token ids are missing");
    if (ids.length == 0) {
      throw new IllegalArgumentException("training example: " + what + " has no tokens");
    }
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] < 0) {
        throw new IllegalArgumentException("training example: " + what + " token " + i + " is negative (" + ids[i] + ")");
      }
    }
    return ids.clone();
  }

  private static void logp(Double value, String what) {
    if (value != null && value > 0) {
      throw new IllegalArgumentException("training example: " + what + " is a log-probability and must be <= 0, was " + value);
    }
  }

  private static int[] concat(int[] a, int[] b) {
    int[] out = new int[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
