package dev.tribunal.jobs.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class HeldOutDataTest {
  private final WorldData data = new WorldData(17);

  @Test
  void heldOutJudgeItemsAreDistinctHeldOutPromptsOfEveryScore() {
    List<Example.Judge> items = data.heldOutJudge(120);
    assertEquals(120, items.size());
    assertTrue(items.stream().allMatch(e -> TaskWorld.isHeldOut(e.task().prompt())));
    assertEquals(120, items.stream().map(e -> e.task().prompt()).distinct().count());
    Map<Integer, Long> perScore = items.stream().collect(Collectors.groupingBy(e -> e.grade().score(), Collectors.counting()));
    assertEquals(Map.of(0, 20L, 1, 20L, 2, 20L, 3, 20L, 4, 20L, 5, 20L), perScore);
  }

  @Test
  void heldOutMetaJudgePairsShowTheSameJudgementsInBothOrders() {
    List<Example.MetaJudge> items = data.heldOutMetaJudge(40);
    assertEquals(80, items.size());
    for (int i = 0; i < items.size(); i += 2) {
      Example.MetaJudge first = items.get(i);
      Example.MetaJudge swapped = items.get(i + 1);
      assertTrue(TaskWorld.isHeldOut(first.task().prompt()));
      assertEquals(first.judgementA(), swapped.judgementB());
      assertEquals(first.judgementB(), swapped.judgementA());
      assertEquals(first.winner().flip(), swapped.winner());
    }
  }

  @Test
  void theTrainingSetsAreUnchangedAndNeverHeldOut() {
    assertTrue(data.judge(200).stream().noneMatch(e -> TaskWorld.isHeldOut(e.task().prompt())));
    assertTrue(data.metaJudge(100).stream().noneMatch(e -> TaskWorld.isHeldOut(e.task().prompt())));
    assertNotEquals(data.judge(1).get(0).task(), data.heldOutJudge(1).get(0).task());
  }
}
