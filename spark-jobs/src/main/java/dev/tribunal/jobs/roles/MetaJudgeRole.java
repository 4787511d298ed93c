package dev.tribunal.jobs.roles;

import dev.tribunal.schemas.Winner;

import dev.tribunal.worker.FinishReason;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The meta-judge: given a question, a response and two judgements of it, says which judgement
 * is more accurate, ending with {@code Winner: Judgement A} or {@code Winner: Judgement B}.
 * Read with the same last-line rule as the judge. Callers run both orders and undo the swap
 * with {@link Winner#flip()}.
 *
 * <p>{@code stripScores} removes the {@code Score:} lines from both judgements before rendering:
 * the meta-judge then compares the reasoning, which weakens its pull towards the judgement with
 * the higher score.
 */
public record MetaJudgeRole(Template template, boolean rejectConflicting, boolean stripScores)
    implements Serializable {
  public static final List<String> SLOTS =
      List.of("question", "response", "judgement_a", "judgement_b");

  /** Terse, for the embedded model. */
  public static final String COMPACT = "Which judgement of the response is more accurate?\n"
      + "<question>{question}</question>\n<response>{response}</response>\n"
      + "<ja>{judgement_a}</ja>\n<jb>{judgement_b}</jb>";

  /** The rubric restated and the criteria spelled out, for real instruction-following models. */
  public static final String FULL = """
      Review the user's question, the response, and two judgements of that response. Each \
      judgement was asked to score the response with this additive 5-point rubric:
      """ + Rubric.ADDITIVE + """

      <question>{question}</question>
      <response>{response}</response>
      <judgement_a>{judgement_a}</judgement_a>
      <judgement_b>{judgement_b}</judgement_b>

      Decide which judgement is more accurate under the rubric. Consider how closely each \
      follows the rubric, how accurate its evaluation of the response is, and whether its \
      reasoning is consistent with its score. Explain briefly, then end with a line of the \
      form "Winner: Judgement A" or "Winner: Judgement B".""";

  public MetaJudgeRole {
    Objects.requireNonNull(template, "meta-judge template");
    if (!template.slots().equals(SLOTS)) {
      throw new IllegalArgumentException("meta-judge template must have slots " + SLOTS
          + ", got " + template.slots());
    }
  }

  /** A meta-judge with the given template text, rejecting conflicting lines, keeping scores. */
  public static MetaJudgeRole of(String templateText) {
    return new MetaJudgeRole(Template.of("meta-judge", templateText, SLOTS), true, false);
  }

  public static MetaJudgeRole compact() {
    return of(COMPACT);
  }

  public static MetaJudgeRole full() {
    return of(FULL);
  }

  public MetaJudgeRole withStripScores(boolean strip) {
    return new MetaJudgeRole(template, rejectConflicting, strip);
  }

  /** The meta-judge prompt; judgement A is shown first. */
  public String render(String question, String response, String judgementA, String judgementB) {
    return template.render(Map.of("question", question, "response", response,
        "judgement_a", shown(judgementA), "judgement_b", shown(judgementB)));
  }

  private String shown(String judgement) {
    return stripScores ? stripScore(judgement) : judgement;
  }

  /** Reads the winner from the meta-judge's own output. */
  public Verdict<Winner> parse(String output, FinishReason finish) {
    return VerdictLines.last(output, finish, VerdictLines.WINNER_LINE,
            s -> s.toUpperCase(Locale.ROOT), s -> s.equals("A") || s.equals("B"), rejectConflicting)
        .map(Winner::valueOf);
  }

  /** Removes every line a judge's score would be read from, and trailing blank space. */
  public static String stripScore(String judgement) {
    return judgement.lines().filter(l -> !VerdictLines.SCORE_LINE.matcher(l).matches())
        .collect(Collectors.joining("\n")).stripTrailing();
  }
}
