package dev.tribunal.jobs.world;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Writes a response of a given {@link ResponseKind} to a task. Wrong answers are built by
 * changing the gold answer by a controlled amount (a number moved by a chosen distance, some
 * letters or list numbers replaced), then checked with the gold grader; a draw that misses its
 * level (two replaced letters can happen to look like one swap) is drawn again.
 */
public final class Responses {
  private static final String[] VERBOSE_OPENINGS =
      {"The answer is ", "Answer: ", "Sure! It is ", "I think it is ", "Here you go: "};
  private static final int ATTEMPTS = 100;

  private Responses() {}

  /** A response of the given kind; its gold grade is {@code kind.grade()}. */
  public static String write(Task task, ResponseKind kind, Random rng) {
    String response = switch (kind) {
      case EMPTY -> "";
      case OFF_FORMAT -> offFormat(task, rng);
      default -> {
        String answer = answer(task, kind.grade().closeness(), rng);
        yield kind.grade().concise() ? answer : verbose(answer, rng);
      }
    };
    GoldGrade got = GoldGrader.grade(task, response);
    if (!got.equals(kind.grade())) {
      throw new IllegalStateException(kind + " response '" + response + "' to '" + task.prompt()
          + "' grades " + got + ", not " + kind.grade());
    }
    return response;
  }

  /** The answer always comes last: that is where graders, gold and learned, look for it. */
  static String verbose(String answer, Random rng) {
    return VERBOSE_OPENINGS[rng.nextInt(VERBOSE_OPENINGS.length)] + answer
        + (rng.nextBoolean() ? "." : "");
  }

  private static String offFormat(Task task, Random rng) {
    return task.answerType() == AnswerType.WORD
        ? Integer.toString(rng.nextInt(1000))
        : TaskGenerator.word(TaskGenerator.between(rng, 3, 7), rng);
  }

  private static String answer(Task task, Closeness closeness, Random rng) {
    if (closeness == Closeness.EXACT) {
      return task.gold();
    }
    for (int i = 0; i < ATTEMPTS; i++) {
      String candidate = changed(task, closeness, rng);
      if (task.answerType().closeness(task.gold(), candidate) == closeness) {
        return candidate;
      }
    }
    throw new IllegalStateException("no " + closeness + " answer to '" + task.prompt() + "' in "
        + ATTEMPTS + " draws");
  }

  private static String changed(Task task, Closeness closeness, Random rng) {
    String gold = task.gold();
    return switch (task.answerType()) {
      case INTEGER -> movedNumber(new BigInteger(gold), closeness, rng).toString();
      case WORD -> changeSome(AnswerType.chars(gold), closeness, c -> otherLetter(c, rng), rng)
          .stream().map(String::valueOf).collect(Collectors.joining());
      case INT_LIST -> changeSome(AnswerType.numbers(gold), closeness, n -> moved(n, rng), rng)
          .stream().map(String::valueOf).collect(Collectors.joining(" "));
    };
  }

  /** Off by one, by 2..tolerance, or by more than the tolerance. */
  private static BigInteger movedNumber(BigInteger gold, Closeness closeness, Random rng) {
    int tolerance = AnswerType.tolerance(gold).intValueExact();
    int off = switch (closeness) {
      case SUBSTANTIAL -> 1;
      case PARTIAL -> TaskGenerator.between(rng, 2, tolerance);
      default -> TaskGenerator.between(rng, tolerance + 1, tolerance + 1 + Math.max(9, tolerance));
    };
    return signed(gold, off, rng);
  }

  private static BigInteger moved(BigInteger n, Random rng) {
    return signed(n, TaskGenerator.between(rng, 1, 9), rng);
  }

  /** Up or down at random, but a non-negative number (a count, a list entry) stays so. */
  private static BigInteger signed(BigInteger n, int off, Random rng) {
    BigInteger down = n.subtract(BigInteger.valueOf(off));
    boolean canGoDown = n.signum() < 0 || down.signum() >= 0;
    return canGoDown && rng.nextBoolean() ? down : n.add(BigInteger.valueOf(off));
  }

  /** One element changed; 2 up to half of them; or all of them. */
  private static <T> List<T> changeSome(List<T> gold, Closeness closeness, UnaryOperator<T> change,
      Random rng) {
    int n = gold.size();
    int k = switch (closeness) {
      case SUBSTANTIAL -> 1;
      case PARTIAL -> TaskGenerator.between(rng, 2, n / 2);
      default -> n;
    };
    List<Integer> positions = IntStream.range(0, n).boxed().collect(Collectors.toList());
    Collections.shuffle(positions, rng);
    List<T> out = new ArrayList<>(gold);
    positions.subList(0, k).forEach(i -> out.set(i, change.apply(out.get(i))));
    return out;
  }

  /** Another letter of the same case. */
  private static Character otherLetter(char c, Random rng) {
    char lower = Character.toLowerCase(c);
    char other = (char) ('a' + (lower - 'a' + 1 + rng.nextInt(25)) % 26);
    return Character.isUpperCase(c) ? Character.toUpperCase(other) : other;
  }
}
