package dev.tribunal.jobs.world;

import dev.tribunal.jobs.roles.JudgeRole;
import dev.tribunal.schemas.Winner;
import java.util.List;

/**
 * The texts the seed model learns to write as judge and meta-judge. A judgement first states the
 * expected answer and the answer the response gave, then what the response got right on the rubric,
 * then the score: regular enough for a small model to learn that the score follows from comparing
 * the two answers.
 *
 * <pre>
 * Expected 17. Got 18. Almost correct, concise.
 * Score: 4
 * </pre>
 *
 * A meta-judgement states the score the response earns and the score each judgement gives,
 * then the winner (the judgement closer to the earned score):
 *
 * <pre>
 * Earns 4. A gives 4, B gives 1.
 * Winner: Judgement A
 * </pre>
 */
public final class Judgements {
  private static final List<String> CLOSENESS =
      List.of("Wrong", "Partly correct", "Almost correct", "Correct");

  private Judgements() {}

  /**
   * A judgement that assigns {@code grade} to {@code response}, ending with its score line: the
   * expected answer, the answer the response gave, and the points.
   */
  public static String judgement(Task task, GoldGrade grade, String response) {
    return "Expected " + task.gold() + ". " + assessment(task, grade, response) + "\n"
        + JudgeRole.scoreLine(grade.score());
  }

  private static String assessment(Task task, GoldGrade grade, String response) {
    if (!grade.format()) {
      return response.isBlank() ? "Empty response." : "No " + task.answerType().noun() + " given.";
    }
    String got = task.answerType().extract(response).map(a -> "Got " + a + ". ").orElse("");
    return got + CLOSENESS.get(grade.closeness().points())
        + (grade.concise() ? ", concise." : ", with extra text.");
  }

  /** A meta-judgement between judgements scoring {@code scoreA} and {@code scoreB}. */
  public static String metaJudgement(int earned, int scoreA, int scoreB) {
    return "Earns " + earned + ". A gives " + scoreA + ", B gives " + scoreB + ".\n"
        + closer(earned, scoreA, scoreB).line();
  }

  /** The judgement whose score is closer to the earned one. */
  public static Winner closer(int earned, int scoreA, int scoreB) {
    int offA = Math.abs(scoreA - earned);
    int offB = Math.abs(scoreB - earned);
    if (offA == offB) {
      throw new IllegalArgumentException("judgements scoring " + scoreA + " and " + scoreB
          + " are equally far from " + earned + ": no winner");
    }
    return offA < offB ? Winner.A : Winner.B;
  }
}
