package dev.tribunal.jobs.world;

/**
 * Grades any response to a task exactly, on the same additive 0-5 rubric the judge is asked to
 * apply. The response's answer is the last token of the task's answer kind in it
 * ({@link AnswerType#extract}); the points, per family:
 *
 * <table>
 * <caption>rubric points per answer kind</caption>
 * <tr><th>point</th><th>numbers: ADD, SUBTRACT, MULTIPLY, COUNT_LETTER, MAX, MIN</th>
 *     <th>words: REVERSE, SORT_LETTERS, UPPERCASE, LOWERCASE, REPEAT</th>
 *     <th>lists: SORT_NUMBERS</th></tr>
 * <tr><td>+1 relevant, right format</td><td>contains a whole number</td>
 *     <td>contains a word of letters</td><td>contains two or more numbers in a row</td></tr>
 * <tr><td>+1 partially correct</td><td>within max(3, |gold|/10) of gold</td>
 *     <td colspan="2">edit distance at most half the gold length (letters, resp. numbers)</td></tr>
 * <tr><td>+1 substantially correct</td><td>off by one</td>
 *     <td colspan="2">one edit away: one letter/number changed, added, dropped, or two
 *     neighbours swapped</td></tr>
 * <tr><td>+1 exactly correct</td><td>equal</td><td>equal, case included</td>
 *     <td>equal numbers in the same order</td></tr>
 * <tr><td>+1 no extraneous text</td><td colspan="3">the response, trimmed, is the answer and
 *     nothing else (so "The answer is 17." costs exactly this point)</td></tr>
 * </table>
 *
 * <p>Examples for "What is 12 + 5?": "17" 5, "The answer is 17." 4, "18" 4, "15" 3, "40" 2,
 * "I think 40" 1, "seventeen" 0, "" 0.
 */
public final class GoldGrader {
  private GoldGrader() {}

  public static GoldGrade grade(Task task, String response) {
    return task.answerType().extract(response)
        .map(answer -> new GoldGrade(true, task.answerType().closeness(task.gold(), answer),
            response.strip().equals(answer)))
        .orElse(GoldGrade.NO_ANSWER);
  }
}
