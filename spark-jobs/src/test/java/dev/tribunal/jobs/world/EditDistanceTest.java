package dev.tribunal.jobs.world;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class EditDistanceTest {
  private static int d(String a, String b) {
    return EditDistance.osa(AnswerType.chars(a), AnswerType.chars(b));
  }

  @Test
  void handComputedDistances() {
    assertEquals(0, d("plant", "plant"));
    assertEquals(1, d("ab", "ba"));
    assertEquals(3, d("kitten", "sitting"));
    assertEquals(3, d("", "abc"));
    assertEquals(1, d("plant", "plnt"));
    // Optimal string alignment edits no substring twice: 3, where Damerau-Levenshtein gives 2.
    assertEquals(3, d("ca", "abc"));
    assertEquals(1, EditDistance.osa(List.of(2, 5, 9, 7), List.of(2, 5, 7, 9)));
  }
}
