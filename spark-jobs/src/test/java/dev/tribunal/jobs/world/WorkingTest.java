package dev.tribunal.jobs.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WorkingTest {
  private static Optional<String> working(Family family, String prompt, String gold) {
    return Working.of(new Task(family, 2, prompt, gold));
  }

  @Test
  void columnArithmeticCarriesAndBorrows() {
    assertEquals("7+8=15, 4+3+1=8, so 85", working(Family.ADD, "What is 47 + 38?", "85").orElseThrow());
    assertEquals("7+8=15, 6+5+1=12, so 125", working(Family.ADD, "What is 67 + 58?", "125").orElseThrow());
    assertEquals("12-7=5, 4-1-1=2, so 25", working(Family.SUBTRACT, "What is 42 - 17?", "25").orElseThrow());
    assertEquals("17-8=9, 4-1-3=0, so 9", working(Family.SUBTRACT, "What is 47 - 38?", "9").orElseThrow());
    assertEquals("7*3=21, 4*3+2=14, so 141", working(Family.MULTIPLY, "What is 47 * 3?", "141").orElseThrow());
    assertEquals("0*5=0, so 0", working(Family.MULTIPLY, "What is 0 * 5?", "0").orElseThrow());
  }

  @Test
  void lettersAndListsAreWalkedOneByOne() {
    assertEquals("b0 a1 n1 a2 n2 a3, so 3",
        working(Family.COUNT_LETTER, "How many times does 'a' appear in 'banana'?", "3").orElseThrow());
    assertEquals("78>34, 78>12, so 78", working(Family.MAX, "What is the largest of 34 78 12?", "78").orElseThrow());
    assertEquals("12<34, 12<78, so 12", working(Family.MIN, "What is the smallest of 34 12 78?", "12").orElseThrow());
    assertEquals("1k 2a 3t; 3t 2a 1k, so tak", working(Family.REVERSE, "Reverse the word 'kat'.", "tak").orElseThrow());
    assertEquals("kK aA, so KA", working(Family.UPPERCASE, "Write 'ka' in uppercase.", "KA").orElseThrow());
    assertEquals("Kk aa, so ka", working(Family.LOWERCASE, "Write 'Ka' in lowercase.", "ka").orElseThrow());
    assertEquals("1 ba, 2 ba, 3 ba, so bababa",
        working(Family.REPEAT, "Repeat 'ba' 3 times, no spaces.", "bababa").orElseThrow());
  }

  @Test
  void sortingHasNoWorking() {
    assertTrue(working(Family.SORT_LETTERS, "Sort the letters of 'kat'.", "akt").isEmpty());
    assertTrue(working(Family.SORT_NUMBERS, "Sort in ascending order: 3 1 2", "1 2 3").isEmpty());
  }

  /** The steps of every working the world can ask for lead to its task's gold answer, at every level. */
  @Test
  void everyWorkingsStepsLeadToTheGoldAnswer() {
    TaskWorld world = new TaskWorld(5, EnumSet.allOf(Family.class), 1, Task.MAX_LEVEL);
    int worked = 0;
    for (Task t : world.tasks(3000)) {
      Optional<String> w = Working.of(t);
      if (w.isPresent()) {
        worked++;
        String steps = w.get().substring(0, w.get().lastIndexOf(", so "));
        assertEquals(t.gold(), answerOf(t.family(), steps), t.prompt() + " -> " + w.get());
      }
    }
    assertTrue(worked > 2000, "workings: " + worked);
  }

  /** Reads the answer off the steps alone, as the judge must. */
  private static String answerOf(Family family, String steps) {
    List<String> parts = List.of(steps.split(", "));
    String last = parts.get(parts.size() - 1);
    return switch (family) {
      case ADD, SUBTRACT, MULTIPLY -> {
        StringBuilder digits = new StringBuilder(last.substring(last.indexOf('=') + 1));
        for (int i = parts.size() - 2; i >= 0; i--) {
          String r = parts.get(i).substring(parts.get(i).indexOf('=') + 1);
          digits.append(r.charAt(r.length() - 1));
        }
        yield new java.math.BigInteger(digits.toString()).toString();
      }
      case COUNT_LETTER -> last.replaceAll(".*?(\\d+)$", "$1");
      case MAX, MIN -> last.split("[<>]")[0];
      case REVERSE -> java.util.Arrays.stream(last.split("; ")[1].split(" ")).map(x -> x.replaceAll("\\d", ""))
          .collect(java.util.stream.Collectors.joining());
      case UPPERCASE, LOWERCASE -> java.util.Arrays.stream(last.split(" ")).map(x -> x.substring(1))
          .collect(java.util.stream.Collectors.joining());
      case REPEAT -> parts.stream().map(x -> x.split(" ")[1]).collect(java.util.stream.Collectors.joining());
      default -> throw new AssertionError(family + " has no working");
    };
  }
}
