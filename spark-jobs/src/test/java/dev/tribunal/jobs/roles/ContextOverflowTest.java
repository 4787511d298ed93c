package dev.tribunal.jobs.roles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ContextOverflowTest {

  @Test
  void cutKeepsTheHeadAndTheTailAndNamesWhatWasCut() {
    String text = "First line.\n" + "x".repeat(979) + "\nScore: 4";
    String cut = ContextOverflow.cut(text, 0.25);
    assertTrue(cut.startsWith("First line."), cut);
    assertTrue(cut.endsWith("\nScore: 4"), "a judgement keeps its verdict line: " + cut);
    assertTrue(cut.contains("[... 750 characters cut to fit the context ...]"), cut);
    assertEquals(250 + "\n[... 750 characters cut to fit the context ...]\n".length(), cut.length());
  }

  @Test
  void cutNeverSplitsACodePoint() {
    String text = "😀".repeat(10);
    String cut = ContextOverflow.cut(text, 0.5);
    assertTrue(cut.codePoints().noneMatch(c -> Character.isSurrogate((char) c)), cut);
  }

  @Test
  void keepingAllOrNothingIsNoCut() {
    assertThrows(IllegalArgumentException.class, () -> ContextOverflow.cut("abc", 0.0));
    assertThrows(IllegalArgumentException.class, () -> ContextOverflow.cut("abc", 1.0));
  }
}
