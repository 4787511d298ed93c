package dev.tribunal.worker.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingExampleTest {

  @Test
  void sequencesJoinPromptAndResponse() {
    TrainingExample e = TrainingExample.preference(new int[] {1, 2}, new int[] {3}, new int[] {4, 5}, -1, -2);
    assertArrayEquals(new int[] {1, 2, 3}, e.chosenSequence());
    assertArrayEquals(new int[] {1, 2, 4, 5}, e.rejectedSequence());
  }

  @Test
  void refusesBadTokensAndPositiveLogps() {
    assertThrows(IllegalArgumentException.class, () -> TrainingExample.sft(new int[0], new int[] {1}));
    assertThrows(IllegalArgumentException.class, () -> TrainingExample.sft(new int[] {1}, new int[0]));
    IllegalArgumentException neg = assertThrows(IllegalArgumentException.class,
        () -> TrainingExample.sft(new int[] {1}, new int[] {2, -3}));
    assertTrue(neg.getMessage().contains("chosen token 1"), neg.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> TrainingExample.preference(new int[] {1}, new int[] {2}, new int[] {3}, 0.5, -1));
    assertDoesNotThrow(() -> TrainingExample.preference(new int[] {1}, new int[] {2}, new int[] {3}, Double.NaN, -1));
  }

  @Test
  void preferenceObjectivesNeedRejectedAndReferences() {
    TrainingExample sft = TrainingExample.sft(new int[] {1}, new int[] {2});
    assertDoesNotThrow(() -> sft.requireFor(Objective.SFT, 0));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sft.requireFor(Objective.DPO, 3));
    assertTrue(e.getMessage().contains("example 3") && e.getMessage().contains("rejected"), e.getMessage());
    TrainingExample noRef = new TrainingExample(new int[] {1}, new int[] {2}, new int[] {3}, -1.0, null);
    assertThrows(IllegalArgumentException.class, () -> noRef.requireFor(Objective.IPO, 0));
  }

  @Test
  void copiesItsArrays() {
    int[] prompt = {1, 2};
    TrainingExample e = TrainingExample.sft(prompt, new int[] {3});
    prompt[0] = 9;
    assertEquals(1, e.promptIds()[0]);
  }

  @Test
  void fingerprintSeesEveryField() {
    TrainingExample a = TrainingExample.preference(new int[] {1}, new int[] {2}, new int[] {3}, -1, -2);
    String base = TrainingExample.fingerprint(List.of(a));
    assertEquals(base, TrainingExample.fingerprint(List.of(
        TrainingExample.preference(new int[] {1}, new int[] {2}, new int[] {3}, -1, -2))));
    assertNotEquals(base, TrainingExample.fingerprint(List.of(
        TrainingExample.preference(new int[] {1}, new int[] {2}, new int[] {3}, -1, -2.5))));
    // the boundary moves: same concatenation, different prompt
    assertNotEquals(TrainingExample.fingerprint(List.of(TrainingExample.sft(new int[] {1, 2}, new int[] {3}))),
        TrainingExample.fingerprint(List.of(TrainingExample.sft(new int[] {1}, new int[] {2, 3}))));
    assertEquals(64, base.length());
  }
}
