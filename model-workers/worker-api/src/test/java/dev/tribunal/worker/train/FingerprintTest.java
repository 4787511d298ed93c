package dev.tribunal.worker.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.tribunal.worker.Prompt;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A lineage's data fingerprint feeds the ids of the checkpoints trained on that data, so the bytes
 * each record type digests are pinned here: a change to them must be a new format tag, on purpose.
 */
class FingerprintTest {

  @Test
  void bondExamplesDigestAsPinned() {
    assertEquals("884e22f2379a63eba02b01e14daa56b9c5ea0793c758949864040634339ed7c7",
        BondExample.fingerprint(List.of(BondExample.backward(Prompt.user("q"), "y", -1, 0.5),
            BondExample.forward(Prompt.text("t"), "z"))));
  }

  @Test
  void rewardPairsDigestAsPinned() {
    assertEquals("8affd3297d5bd8bbe5b6d6276c83fe4fc3c120bc8c26b097ae756fc280768478",
        RewardPair.fingerprint(List.of(new RewardPair(Prompt.user("q"), "a", "b", 0.25))));
  }

  @Test
  void trainingExamplesDigestAsPinned() {
    assertEquals("4f65fb006b1878d1680e887d2fce4ebec151acfc36d8d2da8c356b2820c6bf27",
        TrainingExample.fingerprint(List.of(TrainingExample.sft(new int[] {1, 2}, new int[] {3}),
            TrainingExample.preference(new int[] {1}, new int[] {4, 5}, new int[] {6}, -1.5, -2.5))));
  }

  @Test
  void aContinuedFingerprintDependsOnTheBaseAndTheNewExamples() {
    List<TrainingExample> data = List.of(TrainingExample.sft(new int[] {1, 2}, new int[] {3}));
    String continued = TrainingExample.fingerprint("base-a", data);
    assertEquals(continued, TrainingExample.fingerprint("base-a", data));
    assertNotEquals(continued, TrainingExample.fingerprint("base-b", data));
    assertNotEquals(continued, TrainingExample.fingerprint("base-a",
        List.of(TrainingExample.sft(new int[] {1, 2}, new int[] {4}))));
    assertNotEquals(TrainingExample.fingerprint(data), continued);
  }
}
