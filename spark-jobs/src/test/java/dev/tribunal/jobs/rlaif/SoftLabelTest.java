package dev.tribunal.jobs.rlaif;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tribunal.schemas.AiLabelRow;
import dev.tribunal.schemas.LabelMissing;
import dev.tribunal.worker.NextTokenResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SoftLabelTest {
  private static final List<String> TOKENS = List.of("1", "2");

  /** Log-probs whose two-way softmax gives p to "1", with some mass on other tokens. */
  private static NextTokenResult reading(double p) {
    return new NextTokenResult(Map.of("1", Math.log(0.5 * p), "2", Math.log(0.5 * (1 - p))));
  }

  @Test
  void pOfOneIsTheSoftmaxOverTheTwoLabelTokensOnly() {
    assertEquals(0.8, SoftLabel.order(List.of(reading(0.8)), TOKENS).pFirst(), 1e-12);
    // Extreme log-probs do not overflow: e^-1000 / (e^-1000 + e^-1001).
    assertEquals(1 / (1 + Math.exp(-1)), SoftLabel.pFirst(-1000, -1001), 1e-12);
  }

  @Test
  void bothOrdersAverageIntoThePreferenceForA() {
    // Forward: a shown first, P(1) = 0.9. Reverse: a shown second, P(1) = 0.3, so P(a) = 0.7.
    AiLabelRow row = SoftLabel.row("p", SoftLabel.order(List.of(reading(0.9)), TOKENS),
        SoftLabel.order(List.of(reading(0.3)), TOKENS), null, "m");
    assertEquals(0.9, row.pForward(), 1e-12);
    assertEquals(0.7, row.pReverse(), 1e-12);
    assertEquals(0.8, row.label(), 1e-12);
    assertFalse(row.positionBias());
    assertNull(row.missing());
  }

  @Test
  void preferringTheSamePositionInBothOrdersIsPositionBias() {
    AiLabelRow row = SoftLabel.row("p", SoftLabel.order(List.of(reading(0.9)), TOKENS),
        SoftLabel.order(List.of(reading(0.8)), TOKENS), null, "m");
    assertTrue(row.positionBias());
    assertEquals((0.9 + 0.2) / 2, row.label(), 1e-12);
    assertFalse(SoftLabel.samePosition(0.5, 0.5), "an even reading prefers no position");
  }

  @Test
  void readingsOfOneOrderAreAveraged() {
    assertEquals(0.6, SoftLabel.order(List.of(reading(0.9), reading(0.3)), TOKENS).pFirst(), 1e-12);
  }

  @Test
  void aMissingTokenMakesTheLabelMissingNeverZero() {
    SoftLabel.Order missing = SoftLabel.order(List.of(new NextTokenResult(Map.of("1", -0.1))), TOKENS);
    assertEquals(LabelMissing.LABEL_TOKEN_MISSING, missing.missing());
    AiLabelRow row = SoftLabel.row("p", SoftLabel.order(List.of(reading(0.9)), TOKENS), missing, null, "m");
    assertNull(row.label());
    assertEquals(0.9, row.pForward(), 1e-12);
    assertNull(row.pReverse());
    assertNull(row.positionBias());
    assertEquals(LabelMissing.LABEL_TOKEN_MISSING, row.missing());
  }

  @Test
  void anOverflowInEitherOrderIsReportedAsOverflow() {
    SoftLabel.Order tokenMissing = SoftLabel.order(List.of(new NextTokenResult(Map.of())), TOKENS);
    SoftLabel.Order overflow = SoftLabel.order(List.of(reading(0.5), NextTokenResult.overflow()), TOKENS);
    assertEquals(LabelMissing.CONTEXT_OVERFLOW, overflow.missing());
    assertEquals(LabelMissing.CONTEXT_OVERFLOW, SoftLabel.row("p", tokenMissing, overflow, null, "m").missing());
  }

  @Test
  void oneOrderGivesTheForwardReadingAsTheLabel() {
    AiLabelRow row = SoftLabel.row("p", SoftLabel.order(List.of(reading(0.25)), TOKENS), null, null, "m");
    assertEquals(0.25, row.label(), 1e-12);
    assertNull(row.positionBias());
    assertEquals(dev.tribunal.schemas.Winner.B, row.winner());
  }

  @Test
  void onlyTheAskedTokensCountSoALeadingSpaceVariantLeavesTheLabelMissing() {
    // A backend that returned " 1" and " 2" (its tokens with a leading space) has not answered "1" or "2".
    SoftLabel.Order order = SoftLabel.order(List.of(new NextTokenResult(Map.of("2", -5.0))), TOKENS);
    assertEquals(LabelMissing.LABEL_TOKEN_MISSING, order.missing());
  }
}
