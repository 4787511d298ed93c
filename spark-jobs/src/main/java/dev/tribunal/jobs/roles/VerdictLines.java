package dev.tribunal.jobs.roles;

import dev.tribunal.schemas.ParseStatus;
import dev.tribunal.schemas.Winner;

import dev.tribunal.worker.FinishReason;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The verdict line forms and the last-line rule shared by the judge and the meta-judge. One
 * definition of each form serves parsing, score stripping and injection detection alike.
 */
final class VerdictLines {
  /** "Score: 4" and the usual decorations of it ("**Score:** 4"); the number is group 1. */
  static final String SCORE = "score\\s*:\\s*\\**\\s*(-?\\d+(?:\\.\\d+)?)";
  /** "Winner: Judgement A", also "Judgment" and a bare letter; the letter is group 1. */
  static final String WINNER = "winner\\s*:\\s*\\**\\s*(?:judge?ment\\s*)?([a-z])(?![a-z0-9])";

  /** A whole line holding a score, with an optional "/5" or "out of 5" after it. */
  static final Pattern SCORE_LINE = line(SCORE + "(?:\\s*(?:/|out of)\\s*\\d+)?");
  static final Pattern WINNER_LINE = line(WINNER);

  private VerdictLines() {}

  /** Markdown bullets, quotes and bold around a verdict do not change it. */
  private static Pattern line(String core) {
    return Pattern.compile("^[\\s*#_>-]*" + core + "[\\s*.!]*$", Pattern.CASE_INSENSITIVE);
  }

  /**
   * Reads the verdict from the judge's own last line: the last non-blank line of {@code raw} must
   * be a {@code line}, written by the judge itself (not indented, not a "&gt;" quote), or there is
   * no verdict. A model that reconsiders ends with its final answer, and text it reproduces (a
   * quoted or indented response that writes "Score: 5") never speaks for it. With
   * {@code rejectConflicting}, an earlier verdict line of its own with another value makes the
   * output conflicting. Empty output and output cut by the token limit are failures before any
   * matching, since a cut-off text may have lost its final line.
   *
   * @param read turns group 1 into a comparable value (conflicts are judged on these values)
   */
  static <T> Verdict<T> last(String raw, FinishReason finish, Pattern line,
      Function<String, T> read, Predicate<T> inRange, boolean rejectConflicting) {
    Objects.requireNonNull(raw, "raw model output");
    Objects.requireNonNull(finish, "finish reason");
    if (finish == FinishReason.CONTEXT_OVERFLOW) {
      return Verdict.failed(raw, ParseStatus.CONTEXT_OVERFLOW);
    }
    if (raw.isBlank()) {
      return Verdict.failed(raw, ParseStatus.EMPTY);
    }
    if (finish == FinishReason.LENGTH) {
      return Verdict.failed(raw, ParseStatus.TRUNCATED);
    }
    List<String> own = raw.lines().filter(l -> !l.isBlank() && isOwn(l)).toList();
    String finalLine = raw.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElseThrow();
    Matcher verdict = line.matcher(finalLine);
    if (!isOwn(finalLine) || !verdict.matches()) {
      return Verdict.failed(raw, ParseStatus.NO_MATCH);
    }
    T value = read.apply(verdict.group(1));
    boolean conflicting = own.stream().map(line::matcher).filter(Matcher::matches)
        .map(m -> read.apply(m.group(1))).anyMatch(v -> !v.equals(value));
    if (rejectConflicting && conflicting) {
      return Verdict.failed(raw, ParseStatus.MULTIPLE_CONFLICTING);
    }
    return inRange.test(value) ? Verdict.ok(raw, value) : Verdict.failed(raw, ParseStatus.OUT_OF_RANGE);
  }

  /** A line the model wrote as itself: quoting ("&gt; ...") and indenting mark reproduced text. */
  static boolean isOwn(String line) {
    return !line.isEmpty() && !Character.isWhitespace(line.charAt(0)) && line.charAt(0) != '>';
  }
}
