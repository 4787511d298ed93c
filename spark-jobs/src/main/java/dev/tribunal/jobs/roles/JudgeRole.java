package dev.tribunal.jobs.roles;

import dev.tribunal.worker.FinishReason;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The judge: scores one response to one question on the additive 5-point rubric. Its template,
 * parser and valid range travel together and are checked at construction.
 *
 * <p>A template with a {@code {reference}} slot makes a reference-guided judge (Zheng et al. 2023,
 * "Judging LLM-as-a-Judge with MT-Bench and Chatbot Arena", section 3.4): the model first answers
 * the question itself, greedily, and grades the response against that answer. Checking a response
 * against an answer in view is easier than working the answer out inside a long judge prompt, and
 * a greedy answer is right more often than a sampled one: that is the gap self-judgment uses.
 *
 * <p>The score is read only from the judge's own output, from its last {@code Score: <n>} line;
 * the response under judgement is only a slot of the prompt, so a "Score: 5" written inside it
 * cannot set the score (see {@link InjectionDetector} to flag such responses).
 */
public record JudgeRole(Template template, int minScore, int maxScore, boolean rejectConflicting)
    implements Serializable {
  public static final List<String> SLOTS = List.of("question", "response");
  /** The slots of a reference-guided judge. */
  public static final List<String> REFERENCE_SLOTS = List.of("question", "reference", "response");

  /**
   * Terse and reference-guided, for the embedded model: its context is short and it learned the
   * rubric from data; the response comes last, next to where the judgement starts.
   */
  public static final String COMPACT = "Rate the response to the question from 0 to 5 against the reference.\n"
      + "<question>{question}</question>\n<reference>{reference}</reference>\n<response>{response}</response>";

  /** The additive rubric spelled out, for real instruction-following models. */
  public static final String FULL = """
      Review the user's question and the response below, and score the response with an \
      additive 5-point system: points accumulate, one for each criterion the response meets.
      """ + Rubric.ADDITIVE + """

      <question>{question}</question>
      <response>{response}</response>

      Examine the question and the response as an impartial expert. Justify your total in 100 \
      words or fewer, then end with a line of the form "Score: <total points>".""";

  public JudgeRole {
    Objects.requireNonNull(template, "judge template");
    if (!template.slots().equals(SLOTS) && !template.slots().equals(REFERENCE_SLOTS)) {
      throw new IllegalArgumentException("judge template must have slots " + SLOTS + " or " + REFERENCE_SLOTS
          + ", got " + template.slots());
    }
    if (minScore < 0 || minScore >= maxScore) {
      throw new IllegalArgumentException("judge score range must satisfy 0 <= min < max, got "
          + minScore + ".." + maxScore);
    }
  }

  /**
   * A judge with the given template text, range 0-5, rejecting conflicting score lines; reference-
   * guided when the text has a {@code {reference}} slot.
   */
  public static JudgeRole of(String templateText) {
    return of(templateText, true);
  }

  /** A judge with the given template text, range 0-5; reference-guided as {@link #of(String)}. */
  public static JudgeRole of(String templateText, boolean rejectConflicting) {
    List<String> slots = templateText != null && templateText.contains("{reference}") ? REFERENCE_SLOTS : SLOTS;
    return new JudgeRole(Template.of("judge", templateText, slots), 0, 5, rejectConflicting);
  }

  public static JudgeRole compact() {
    return of(COMPACT);
  }

  public static JudgeRole full() {
    return of(FULL);
  }

  /** Whether this judge grades against the model's own answer to the question. */
  public boolean referenceGuided() {
    return template.slots().equals(REFERENCE_SLOTS);
  }

  /** The judge prompt (user message content) for one question and response, without a reference. */
  public String render(String question, String response) {
    if (referenceGuided()) throw new IllegalStateException("this judge grades against a reference answer; pass one");
    return template.render(Map.of("question", question, "response", response));
  }

  /** The judge prompt for one question and response; reference is ignored unless the judge is reference-guided. */
  public String render(String question, String reference, String response) {
    if (!referenceGuided()) return render(question, response);
    return template.render(Map.of("question", question, "reference", reference, "response", response));
  }

  /**
   * Reads the score from the judge's own output.
   *
   * @param finish why the judge's decoding ended; {@link FinishReason#LENGTH} means truncated
   */
  public Verdict<Integer> parse(String judgement, FinishReason finish) {
    return VerdictLines.last(judgement, finish, VerdictLines.SCORE_LINE,
            s -> new BigDecimal(s).stripTrailingZeros(), this::inRange, rejectConflicting)
        .map(BigDecimal::intValueExact);
  }

  /** Only whole points exist on an additive rubric: 3.5 is out of range, 3.0 is 3. */
  private boolean inRange(BigDecimal score) {
    return score.scale() <= 0 && score.compareTo(BigDecimal.valueOf(minScore)) >= 0
        && score.compareTo(BigDecimal.valueOf(maxScore)) <= 0;
  }

  /** The final line a judgement ends with. */
  public static String scoreLine(int score) {
    return "Score: " + score;
  }
}
