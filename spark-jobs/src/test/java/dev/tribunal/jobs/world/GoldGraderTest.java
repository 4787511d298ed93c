package dev.tribunal.jobs.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoldGraderTest {
  private static final Task ADD = new Task(Family.ADD, 2, "What is 12 + 5?", "17");
  private static final Task REVERSE = new Task(Family.REVERSE, 1, "Reverse the word 'plant'.",
      "tnalp");
  private static final Task SORT = new Task(Family.SORT_NUMBERS, 1,
      "Sort in ascending order: 9 2 5 7", "2 5 7 9");

  private static int score(Task task, String response) {
    return GoldGrader.grade(task, response).score();
  }

  @Test
  void everyFamilysGoldAnswerGradesFiveAndExact() {
    Set<Family> seen = EnumSet.noneOf(Family.class);
    for (Task task : new TaskWorld(7).tasks(3000)) {
      GoldGrade grade = GoldGrader.grade(task, task.gold());
      assertEquals(5, grade.score(), task.toString());
      assertTrue(grade.exact(), task.toString());
      seen.add(task.family());
    }
    assertEquals(EnumSet.allOf(Family.class), seen);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "17|5", "'  17 \n'|5", "The answer is 17.|4", "18|4", "16|4", "15|3", "20|3", "40|2",
      "I think 40|1", "seventeen|0", "''|0", "17 or 18|3", "18 or 17|4"})
  void numbersGradeOnTheRubric(String response, int expected) {
    assertEquals(expected, score(ADD, response), response);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "tnalp|5", "It is tnalp.|4", "tnlap|4", "tnap|4", "tnxyp|3", "abcde|2", "Maybe abcde|1",
      "42|0", "TNALP|2"})
  void wordsGradeOnTheRubric(String response, int expected) {
    assertEquals(expected, score(REVERSE, response), response);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "2 5 7 9|5", "'2, 5, 7, 9'|5", "Sorted: 2 5 7 9|4", "2 5 9 7|4", "2 5 7|4", "2 6 8 9|3",
      "9 7 5 2|2", "7|0", "none|0"})
  void listsGradeOnTheRubric(String response, int expected) {
    assertEquals(expected, score(SORT, response), response);
  }

  @Test
  void numberToleranceGrowsWithTheGoldNumber() {
    Task product = new Task(Family.MULTIPLY, 3, "What is 40 * 50?", "2000");
    assertEquals(3, score(product, "2150"));
    assertEquals(2, score(product, "2250"));
    Task negative = new Task(Family.SUBTRACT, 3, "What is 100 - 103?", "-3");
    assertEquals(5, score(negative, "-3"));
    assertEquals(2, score(negative, "3"));
  }

  @Test
  void verbosityCostsExactlyOnePoint() {
    Random rng = new Random(11);
    for (Task task : new TaskWorld(13).tasks(1500)) {
      for (ResponseKind kind : List.of(ResponseKind.EXACT, ResponseKind.NEAR, ResponseKind.PARTIAL,
          ResponseKind.WRONG)) {
        String concise = Responses.write(task, kind, rng);
        String verbose = Responses.verbose(concise, rng);
        assertEquals(score(task, concise) - 1, score(task, verbose), task + " / " + verbose);
        assertEquals(GoldGrader.grade(task, concise).closeness(),
            GoldGrader.grade(task, verbose).closeness());
      }
    }
  }

  @Test
  void gradeWithoutAnAnswerHasNoPoints() {
    assertEquals(0, GoldGrade.NO_ANSWER.score());
    assertFalse(GoldGrade.NO_ANSWER.exact());
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new GoldGrade(false, Closeness.EXACT, true));
  }
}
