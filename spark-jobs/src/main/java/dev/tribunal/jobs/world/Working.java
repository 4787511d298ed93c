package dev.tribunal.jobs.world;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The judge's scratchpad: a task worked out in small steps before the verdict, ending in the
 * answer ("7+8=15, 4+3+1=8, so 85"). The actor must answer at once; the judge may work the answer
 * out first. That is the generation–verification gap self-judgment needs (an LLM judge reasons
 * before its verdict): each step is a one-digit fact, a comparison of two numbers or a lookup of
 * one letter, which a small model gets right far more often than the whole answer at once.
 *
 * <p>Families whose working would be as long as the task is hard (sorting) have none: their
 * judgement states the expected answer directly.
 */
public final class Working {
  /** The prefix of the instruction form of a working: the same skill, asked for directly. */
  public static final String WORK_IT_OUT = "Work it out: ";

  private static final Pattern NUMBER = Pattern.compile("-?\\d+");
  private static final Pattern QUOTED = Pattern.compile("'([^']*)'");

  private Working() {}

  /** The steps that lead to the task's gold answer, ending in "so <gold>"; empty where a family has none. */
  public static Optional<String> of(Task task) {
    List<String> steps = steps(task);
    if (steps.isEmpty()) return Optional.empty();
    String working = String.join(", ", steps) + ", so " + task.gold();
    return Optional.of(working);
  }

  private static List<String> steps(Task task) {
    String p = task.prompt();
    return switch (task.family()) {
      case ADD -> columns(numbers(p), '+');
      case SUBTRACT -> columns(numbers(p), '-');
      case MULTIPLY -> product(numbers(p));
      case COUNT_LETTER -> count(quoted(p).get(0).charAt(0), quoted(p).get(1));
      case MAX -> running(numbers(p), true);
      case MIN -> running(numbers(p), false);
      case REVERSE -> reverse(quoted(p).get(0));
      case UPPERCASE, LOWERCASE -> letterByLetter(quoted(p).get(0), task.family() == Family.UPPERCASE);
      case REPEAT -> repeat(quoted(p).get(0), numbers(p).get(0));
      case SORT_LETTERS, SORT_NUMBERS -> List.of();
    };
  }

  /**
   * Column addition or subtraction, units first: "7+8=15, 4+3+1=8" (the carry joins the next
   * column) or "17-8=9, 4-1-3=0" (a borrow shows as the 1 before the digit and is taken from the
   * next column). Only non-negative operands and results; otherwise no working.
   */
  private static List<String> columns(List<Integer> n, char op) {
    int a = n.get(0);
    int b = n.get(1);
    if (a < 0 || b < 0 || (op == '-' && a < b)) return List.of();
    List<String> steps = new ArrayList<>();
    int carry = 0;
    for (int x = a, y = b; x > 0 || y > 0 || steps.isEmpty(); x /= 10, y /= 10) {
      int da = x % 10;
      int db = y % 10;
      String extra = carry == 0 ? "" : op + "1";
      if (op == '+') {
        int s = da + db + carry;
        steps.add(da + "+" + db + extra + "=" + s);
        carry = s / 10;
      } else {
        int borrow = da - carry < db ? 1 : 0;
        int d = da - carry - db + 10 * borrow;
        steps.add((borrow == 1 ? "1" : "") + da + extra + "-" + db + "=" + d);
        carry = borrow;
      }
    }
    return steps;
  }

  /** Long multiplication by one digit, units first: "7*3=21, 4*3+2=14". Other products have none. */
  private static List<String> product(List<Integer> n) {
    int a = n.get(0);
    int b = n.get(1);
    if (a < 0 || b < 0 || b > 9) return List.of();
    List<String> steps = new ArrayList<>();
    int carry = 0;
    for (int x = a; x > 0 || steps.isEmpty(); x /= 10) {
      int p = (x % 10) * b + carry;
      steps.add((x % 10) + "*" + b + (carry == 0 ? "" : "+" + carry) + "=" + p);
      carry = p / 10;
    }
    return steps;
  }

  /** Each letter with the count so far: "b0 a1 n1 a2 n2 a3". */
  private static List<String> count(char letter, String word) {
    StringBuilder b = new StringBuilder();
    int seen = 0;
    for (char c : word.toCharArray()) {
      if (c == letter) seen++;
      b.append(b.length() == 0 ? "" : " ").append(c).append(seen);
    }
    return List.of(b.toString());
  }

  /**
   * The best so far against each next number, the winner first: "78>34, 78>12" for the largest,
   * "34<78, 12<34" for the smallest.
   */
  private static List<String> running(List<Integer> n, boolean max) {
    List<String> steps = new ArrayList<>();
    int best = n.get(0);
    for (int next : n.subList(1, n.size())) {
      int won = max ? Math.max(best, next) : Math.min(best, next);
      steps.add(won + (max ? ">" : "<") + (won == best ? next : best));
      best = won;
    }
    return steps;
  }

  /** The letters numbered, then read back from the last number down: "1k 2a 3t; 3t 2a 1k". */
  private static List<String> reverse(String word) {
    List<String> numbered = new ArrayList<>();
    for (int i = 0; i < word.length(); i++) numbered.add((i + 1) + "" + word.charAt(i));
    List<String> back = new ArrayList<>(numbered);
    java.util.Collections.reverse(back);
    return List.of(String.join(" ", numbered) + "; " + String.join(" ", back));
  }

  /** Each letter and its changed case: "kK aA tT". */
  private static List<String> letterByLetter(String word, boolean upper) {
    return List.of(word.chars().mapToObj(c -> {
      String s = String.valueOf((char) c);
      return s + (upper ? s.toUpperCase(Locale.ROOT) : s.toLowerCase(Locale.ROOT));
    }).collect(Collectors.joining(" ")));
  }

  /** The piece written once per count: "1 ba, 2 ba, 3 ba". */
  private static List<String> repeat(String piece, int times) {
    List<String> steps = new ArrayList<>();
    for (int i = 1; i <= times; i++) steps.add(i + " " + piece);
    return steps;
  }

  private static List<Integer> numbers(String prompt) {
    List<Integer> out = new ArrayList<>();
    // Quoted words never hold digits, so every number in the prompt is an operand or a count.
    Matcher m = NUMBER.matcher(prompt.replaceAll(" - ", " "));
    while (m.find()) out.add(Integer.parseInt(m.group()));
    return out;
  }

  private static List<String> quoted(String prompt) {
    List<String> out = new ArrayList<>();
    Matcher m = QUOTED.matcher(prompt);
    while (m.find()) out.add(m.group(1));
    return out;
  }
}
