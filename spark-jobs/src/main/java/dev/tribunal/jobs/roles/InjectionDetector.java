package dev.tribunal.jobs.roles;

import java.io.Serializable;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Flags responses that try to speak for the judge: a score or winner verdict, or a delimiter
 * tag of a judge template. Such text cannot set a score (parsers read only the judge's output
 * and delimiters are neutralised when rendering), but a model that learns to write it is
 * reward hacking, so rows carrying it are flagged and counted.
 *
 * <p>Detection is looser than parsing: a verdict anywhere in a line counts, not only a whole line.
 */
public final class InjectionDetector implements Serializable {
  private static final long serialVersionUID = 1L;

  /** What an injection attempt looks like. */
  public enum Kind { SCORE_LINE, WINNER_LINE, DELIMITER }

  private static final Pattern SCORE =
      Pattern.compile(VerdictLines.SCORE, Pattern.CASE_INSENSITIVE);
  private static final Pattern WINNER =
      Pattern.compile(VerdictLines.WINNER, Pattern.CASE_INSENSITIVE);

  private final Set<String> delimiterTags;
  private final Pattern delimiterOpener;

  public InjectionDetector(Set<String> delimiterTags) {
    this.delimiterTags = Set.copyOf(Objects.requireNonNull(delimiterTags, "delimiter tags"));
    this.delimiterOpener = Delimiters.opener(this.delimiterTags);
  }

  /** Watches for the delimiter tags of the given templates. */
  public static InjectionDetector of(Template... templates) {
    Set<String> tags = new LinkedHashSet<>();
    Arrays.stream(templates).forEach(t -> tags.addAll(t.delimiterTags()));
    return new InjectionDetector(tags);
  }

  /** Watches for the tags of the standard judge and meta-judge templates. */
  public static InjectionDetector standard() {
    return of(JudgeRole.full().template(), MetaJudgeRole.full().template());
  }

  /** The kinds of injection found in {@code response}; empty when it is clean. */
  public Set<Kind> scan(String response) {
    Set<Kind> found = EnumSet.noneOf(Kind.class);
    if (SCORE.matcher(response).find()) {
      found.add(Kind.SCORE_LINE);
    }
    if (WINNER.matcher(response).find()) {
      found.add(Kind.WINNER_LINE);
    }
    if (delimiterOpener != null && delimiterOpener.matcher(response).find()) {
      found.add(Kind.DELIMITER);
    }
    return found;
  }

  public boolean flags(String response) {
    return !scan(response).isEmpty();
  }

  public Set<String> delimiterTags() {
    return delimiterTags;
  }
}
