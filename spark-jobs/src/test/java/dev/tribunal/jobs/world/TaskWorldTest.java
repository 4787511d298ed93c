package dev.tribunal.jobs.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TaskWorldTest {
  private static Set<String> prompts(List<Task> tasks) {
    return tasks.stream().map(Task::prompt).collect(Collectors.toSet());
  }

  @Test
  void sameSeedSameTasks() {
    assertEquals(new TaskWorld(42).tasks(300), new TaskWorld(42).tasks(300));
    assertEquals(new TaskWorld(42).heldOut(100), new TaskWorld(42).heldOut(100));
    assertNotEquals(new TaskWorld(42).tasks(300), new TaskWorld(43).tasks(300));
  }

  @Test
  void itemsDoNotDependOnHowManyAreAsked() {
    TaskWorld world = new TaskWorld(8);
    assertEquals(world.tasks(50), world.tasks(400).subList(0, 50));
    assertEquals(world.heldOut(20), world.heldOut(150).subList(0, 20));
  }

  @Test
  void heldOutIsDisjointFromTrainingWhateverTheSeed() {
    Set<String> heldOut = prompts(new TaskWorld(3).heldOut(500));
    assertEquals(500, heldOut.size());
    for (long seed : new long[] {3, 4}) {
      Set<String> training = prompts(new TaskWorld(seed).tasks(20_000));
      Set<String> shared = new HashSet<>(training);
      shared.retainAll(heldOut);
      assertEquals(Set.of(), shared);
      assertTrue(training.stream().noneMatch(TaskWorld::isHeldOut));
    }
    assertTrue(heldOut.stream().allMatch(TaskWorld::isHeldOut));
  }

  @Test
  void aboutOneTenthOfPromptsIsHeldOut() {
    Random rng = new Random(9);
    Set<String> drawn = new HashSet<>();
    for (int i = 0; i < 20_000; i++) {
      Family family = Family.values()[rng.nextInt(Family.values().length)];
      drawn.add(TaskGenerator.draw(family, 1 + rng.nextInt(Task.MAX_LEVEL), rng).prompt());
    }
    long held = drawn.stream().filter(TaskWorld::isHeldOut).count();
    double share = (double) held / drawn.size();
    assertTrue(share > 0.08 && share < 0.12, "held-out share " + share);
  }

  @Test
  void everyFamilyAndLevelIsDrawn() {
    List<Task> tasks = new TaskWorld(2).tasks(2000);
    assertEquals(EnumSet.allOf(Family.class),
        tasks.stream().map(Task::family).collect(Collectors.toCollection(
            () -> EnumSet.noneOf(Family.class))));
    assertEquals(Set.of(1, 2, 3), tasks.stream().map(Task::level).collect(Collectors.toSet()));
  }

  @Test
  void worldCanBeNarrowed() {
    TaskWorld world = new TaskWorld(1, EnumSet.of(Family.REVERSE, Family.ADD), 2, 2);
    for (Task task : world.tasks(200)) {
      assertTrue(task.family() == Family.REVERSE || task.family() == Family.ADD);
      assertEquals(2, task.level());
    }
  }

  @Test
  void tooSmallAWorldSaysSo() {
    TaskWorld tiny = new TaskWorld(1, EnumSet.of(Family.ADD), 1, 1);
    var e = assertThrows(IllegalArgumentException.class, () -> tiny.heldOut(50));
    assertTrue(e.getMessage().contains("distinct held-out prompts"), e.getMessage());
  }

  @Test
  void badSettingsAreRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> new TaskWorld(1, EnumSet.noneOf(Family.class), 1, 3));
    assertThrows(IllegalArgumentException.class,
        () -> new TaskWorld(1, EnumSet.allOf(Family.class), 2, 1));
    assertThrows(IllegalArgumentException.class,
        () -> new TaskWorld(1, EnumSet.allOf(Family.class), 1, 4));
    assertThrows(IllegalArgumentException.class, () -> new TaskWorld(1).tasks(-1));
  }

  @Test
  void promptsAreShortPrintableAscii() {
    for (Task task : new TaskWorld(6).tasks(5000)) {
      assertTrue(task.prompt().length() < 120, task.prompt());
      assertTrue(task.prompt().chars().allMatch(c -> c >= 32 && c < 127), task.prompt());
      assertFalse(task.gold().isBlank());
    }
  }

  @Test
  void taskRejectsAGoldThatIsNotABareAnswer() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> new Task(Family.ADD, 1, "What is 1 + 1?", "It is 2"));
    assertTrue(e.getMessage().contains("not a bare number"), e.getMessage());
  }
}
