package dev.tribunal.jobs.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ResponsesTest {
  @Test
  void everyKindLandsOnItsGradeForEveryFamilyAndLevel() {
    Random rng = new Random(5);
    for (Task task : new TaskWorld(21).tasks(3000)) {
      for (ResponseKind kind : ResponseKind.values()) {
        String response = Responses.write(task, kind, rng);
        GoldGrade grade = GoldGrader.grade(task, response);
        assertEquals(kind.grade(), grade, kind + " " + task + ": " + response);
        assertEquals(kind.score(), grade.score());
        assertEquals(kind == ResponseKind.EXACT || kind == ResponseKind.EXACT_VERBOSE,
            response.contains(task.gold()) && grade.exact(), kind + ": " + response);
      }
    }
  }

  @Test
  void kindsCoverEveryScore() {
    for (int s = 0; s <= 5; s++) {
      assertFalse(ResponseKind.scoring(s).isEmpty(), "score " + s);
      for (ResponseKind k : ResponseKind.scoring(s)) {
        assertEquals(s, k.score());
      }
    }
  }

  @Test
  void degradedAnswersDifferFromGold() {
    Random rng = new Random(3);
    for (Task task : new TaskWorld(4).tasks(500)) {
      assertNotEquals(task.gold(), Responses.write(task, ResponseKind.NEAR, rng));
      assertEquals("", Responses.write(task, ResponseKind.EMPTY, rng));
      assertTrue(task.answerType().extract(Responses.write(task, ResponseKind.OFF_FORMAT, rng))
          .isEmpty());
    }
  }

  @Test
  void sameSeedSameResponses() {
    Task task = new TaskWorld(1).tasks(1).get(0);
    for (ResponseKind kind : ResponseKind.values()) {
      assertEquals(Responses.write(task, kind, new Random(9)),
          Responses.write(task, kind, new Random(9)));
    }
  }
}
