package dev.tribunal.jobs.rlaif;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tribunal.jobs.config.RlaifConfig;
import dev.tribunal.schemas.LabelMissing;
import dev.tribunal.worker.NextTokenResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DirectScoreTest {
  private static final DirectScore TEN = DirectScore.of("{context}\n{response}\nRating=", 1, 10, RlaifConfig.PromptForm.TEXT);

  @Test
  void theRatingTokensAreOneToTen() {
    assertEquals(List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10"), TEN.candidates());
  }

  @Test
  void theExpectedRatingIsRenormalisedOverTheRatingsAndMappedToMinusOneToOne() {
    // P(7) = P(8) = 0.2 of the whole vocabulary: renormalised to 1/2 each, s = 7.5.
    DirectScore.Rating r = TEN.read(new NextTokenResult(Map.of("7", Math.log(0.2), "8", Math.log(0.2))));
    assertEquals(7.5, r.score(), 1e-12);
    assertEquals((7.5 - 5.5) / 4.5, r.reward(), 1e-12);
    assertEquals(1.0, TEN.read(new NextTokenResult(Map.of("10", -3.0))).reward(), 1e-12);
    assertEquals(-1.0, TEN.read(new NextTokenResult(Map.of("1", -900.0))).reward(), 1e-12);
  }

  @Test
  void anotherScaleMapsItsOwnEnds() {
    DirectScore five = DirectScore.of("{context}{response}", 0, 5, RlaifConfig.PromptForm.TEXT);
    assertEquals(0.0, five.read(new NextTokenResult(Map.of("2", -1.0, "3", -1.0))).reward(), 1e-12);
  }

  @Test
  void noRatingTokenOrNoRoomIsAMissingRewardNeverZero() {
    DirectScore.Rating none = TEN.read(new NextTokenResult(Map.of("yes", -0.1)));
    assertNull(none.reward());
    assertEquals(LabelMissing.LABEL_TOKEN_MISSING, none.missing());
    assertEquals(LabelMissing.CONTEXT_OVERFLOW, TEN.read(NextTokenResult.overflow()).missing());
  }

  @Test
  void aScaleWithoutRoomOrATemplateWithoutItsSlotsIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> DirectScore.of("{context}{response}", 5, 5, RlaifConfig.PromptForm.TEXT));
    assertThrows(IllegalArgumentException.class, () -> DirectScore.of("{response} only", 1, 10, RlaifConfig.PromptForm.TEXT));
  }
}
