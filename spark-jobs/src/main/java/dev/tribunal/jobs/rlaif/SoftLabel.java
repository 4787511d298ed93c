package dev.tribunal.jobs.rlaif;

import dev.tribunal.schemas.AiLabelRow;
import dev.tribunal.schemas.LabelMissing;
import dev.tribunal.worker.NextTokenResult;
import java.util.List;

/**
 * Soft preferences from label-token log-probs (spec 2.2, 2.3): P(1) = e^l1 / (e^l1 + e^l2) per
 * reading, readings of one order averaged (self-consistency), both orders averaged into P(a
 * preferred). A missing token or an overflowing prompt makes the label missing, never 0.
 */
public final class SoftLabel {
  private SoftLabel() {}

  /**
   * What the labeler said of one order: P(the response shown first is preferred), or why not.
   *
   * @param pFirst the mean over readings; NaN when missing
   */
  public record Order(double pFirst, LabelMissing missing) {
    boolean labeled() {
      return missing == null;
    }
  }

  /** One order's readings (one per rationale; one without chain of thought). */
  public static Order order(List<NextTokenResult> readings, List<String> labelTokens) {
    if (readings.stream().anyMatch(NextTokenResult::contextOverflow)) {
      return new Order(Double.NaN, LabelMissing.CONTEXT_OVERFLOW);
    }
    double sum = 0;
    for (NextTokenResult r : readings) {
      var l1 = r.of(labelTokens.get(0));
      var l2 = r.of(labelTokens.get(1));
      if (l1.isEmpty() || l2.isEmpty()) return new Order(Double.NaN, LabelMissing.LABEL_TOKEN_MISSING);
      sum += pFirst(l1.getAsDouble(), l2.getAsDouble());
    }
    return new Order(sum / readings.size(), null);
  }

  /** e^l1 / (e^l1 + e^l2), written so that neither exponential overflows. */
  static double pFirst(double l1, double l2) {
    return 1.0 / (1.0 + Math.exp(l2 - l1));
  }

  /**
   * The pair's row: a shown first in {@code forward}, second in {@code reverse} (null when one
   * order is scored). Position bias: both orders prefer the same position.
   */
  public static AiLabelRow row(String pairId, Order forward, Order reverse, List<String> rationales,
      String modelVersion) {
    Double pForward = forward.labeled() ? forward.pFirst() : null;
    Double pReverse = reverse != null && reverse.labeled() ? 1 - reverse.pFirst() : null;
    LabelMissing missing = forward.labeled() ? (reverse == null ? null : reverse.missing()) : forward.missing();
    if (reverse != null && reverse.missing() == LabelMissing.CONTEXT_OVERFLOW) missing = LabelMissing.CONTEXT_OVERFLOW;
    Double label = missing != null ? null : reverse == null ? pForward : (pForward + pReverse) / 2;
    Boolean bias = pForward == null || pReverse == null ? null : samePosition(forward.pFirst(), reverse.pFirst());
    return new AiLabelRow(pairId, label, pForward, pReverse, bias, missing, rationales, modelVersion);
  }

  /** Both orders preferred the first position, or both the second; an even reading prefers neither. */
  static boolean samePosition(double forwardFirst, double reverseFirst) {
    return (forwardFirst > 0.5 && reverseFirst > 0.5) || (forwardFirst < 0.5 && reverseFirst < 0.5);
  }
}
