package dev.tribunal.jobs.world;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kind of answer a task asks for, how it is found in a response, and how close it is to
 * the gold answer. A response's answer is the LAST token of the right kind in it: responses put
 * the final answer last ("The answer is 17."), and listing several candidates does not help,
 * since only the last one counts.
 */
public enum AnswerType {
  /** A whole number, e.g. "17" or "-3". */
  INTEGER("number", AnswerType.INT) {
    @Override
    Closeness closeness(String gold, String answer) {
      BigInteger g = new BigInteger(gold);
      BigInteger off = new BigInteger(answer).subtract(g).abs();
      if (off.signum() == 0) {
        return Closeness.EXACT;
      }
      if (off.equals(BigInteger.ONE)) {
        return Closeness.SUBSTANTIAL;
      }
      return off.compareTo(tolerance(g)) <= 0 ? Closeness.PARTIAL : Closeness.WRONG;
    }
  },
  /** Letters only, e.g. "olleh"; case matters. */
  WORD("word", "(?<![A-Za-z0-9])[A-Za-z]+(?![A-Za-z0-9])") {
    @Override
    Closeness closeness(String gold, String answer) {
      return sequenceCloseness(chars(gold), chars(answer));
    }
  },
  /** At least two whole numbers separated by spaces or commas, e.g. "2 5 9". */
  INT_LIST("list of numbers", AnswerType.INT + "(?:(?:\\s*,\\s*|\\s+)" + AnswerType.INT + ")+") {
    @Override
    Closeness closeness(String gold, String answer) {
      return sequenceCloseness(numbers(gold), numbers(answer));
    }
  };

  private static final String INT = "(?<![A-Za-z0-9])-?\\d+(?![A-Za-z0-9])";

  private final String noun;
  private final Pattern token;

  AnswerType(String noun, String token) {
    this.noun = noun;
    this.token = Pattern.compile(token);
  }

  /** What the answer is called in a judgement ("No number given."). */
  public String noun() {
    return noun;
  }

  /** The last answer of this kind in the response, as written there. */
  public Optional<String> extract(String response) {
    Matcher m = token.matcher(response);
    String last = null;
    while (m.find()) {
      last = m.group();
    }
    return Optional.ofNullable(last);
  }

  /** How close {@code answer} (an extracted answer of this kind) is to {@code gold}. */
  abstract Closeness closeness(String gold, String answer);

  /**
   * A number within this distance of the gold one is partially correct: 3, or a tenth of the
   * gold number when that is more, so large products allow proportionally larger slips.
   */
  static BigInteger tolerance(BigInteger gold) {
    return gold.abs().divide(BigInteger.TEN).max(BigInteger.valueOf(3));
  }

  /**
   * Sequences (letters of a word, numbers of a list): one edit away is substantially correct,
   * at most half the gold length away is partially correct ("most characters right").
   */
  static Closeness sequenceCloseness(List<?> gold, List<?> answer) {
    int d = EditDistance.osa(gold, answer);
    if (d == 0) {
      return Closeness.EXACT;
    }
    if (d == 1) {
      return Closeness.SUBSTANTIAL;
    }
    return d <= gold.size() / 2 ? Closeness.PARTIAL : Closeness.WRONG;
  }

  static List<Character> chars(String word) {
    return word.chars().mapToObj(c -> (char) c).toList();
  }

  static List<BigInteger> numbers(String list) {
    return Arrays.stream(list.trim().split("\\s*,\\s*|\\s+")).map(BigInteger::new).toList();
  }
}
