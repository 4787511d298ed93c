package dev.tribunal.jobs.world;

import java.util.Objects;

/**
 * One instruction of the task world: its family, difficulty level (1 to {@link #MAX_LEVEL}),
 * prompt text and gold answer. The gold answer is exactly what an ideal response says: the bare
 * answer, nothing else.
 */
public record Task(Family family, int level, String prompt, String gold) implements java.io.Serializable {
  public static final int MAX_LEVEL = 3;

  public Task {
    Objects.requireNonNull(family, "family");
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(gold, "gold");
    if (level < 1 || level > MAX_LEVEL) {
      throw new IllegalArgumentException("task level must be 1.." + MAX_LEVEL + ", got " + level);
    }
    if (prompt.isBlank()) {
      throw new IllegalArgumentException("task prompt is blank (" + family + ")");
    }
    if (!family.answerType().extract(gold).filter(gold::equals).isPresent()) {
      throw new IllegalArgumentException("gold answer '" + gold + "' of " + family
          + " is not a bare " + family.answerType().noun());
    }
  }

  public AnswerType answerType() {
    return family.answerType();
  }
}
