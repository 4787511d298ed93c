package dev.tribunal.jobs.world;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Draws one task of a family at a level. One phrasing per family keeps prompts regular enough
 * for a small character-level model; the operands carry the variety. Words are made-up
 * consonant-vowel words, so a model must learn the operation rather than a vocabulary.
 */
final class TaskGenerator {
  private static final String CONSONANTS = "bcdfghjklmnprstvz";
  private static final String VOWELS = "aeiou";

  private TaskGenerator() {}

  static Task draw(Family family, int level, Random rng) {
    return switch (family) {
      case ADD -> arithmetic(family, level, '+', rng);
      case SUBTRACT -> arithmetic(family, level, '-', rng);
      case MULTIPLY -> arithmetic(family, level, '*', rng);
      case COUNT_LETTER -> countLetter(level, rng);
      case MAX -> extreme(family, level, "largest", rng);
      case MIN -> extreme(family, level, "smallest", rng);
      case REVERSE -> wordTask(family, level, "Reverse the word '%s'.", rng);
      case SORT_LETTERS -> wordTask(family, level, "Sort the letters of '%s'.", rng);
      case UPPERCASE -> wordTask(family, level, "Write '%s' in uppercase.", rng);
      case LOWERCASE -> wordTask(family, level, "Write '%s' in lowercase.", rng);
      case REPEAT -> repeat(level, rng);
      case SORT_NUMBERS -> sortNumbers(level, rng);
    };
  }

  /** Level 1: one digit; 2: two digits (products: two by one digit); 3: larger. */
  private static Task arithmetic(Family family, int level, char op, Random rng) {
    int a;
    int b;
    switch (level) {
      case 1 -> {
        a = between(rng, 0, 9);
        b = op == '-' ? between(rng, 0, a) : between(rng, 0, 9);
      }
      case 2 -> {
        a = between(rng, 10, 99);
        b = op == '*' ? between(rng, 2, 9) : op == '-' ? between(rng, 0, a) : between(rng, 10, 99);
      }
      default -> {
        // The only level where a difference may be negative.
        a = op == '*' ? between(rng, 10, 99) : between(rng, 100, 999);
        b = op == '*' ? between(rng, 10, 99) : between(rng, 10, 999);
      }
    }
    int gold = switch (op) {
      case '+' -> a + b;
      case '-' -> a - b;
      default -> a * b;
    };
    return new Task(family, level, "What is " + a + " " + op + " " + b + "?",
        Integer.toString(gold));
  }

  private static Task countLetter(int level, Random rng) {
    String word = word(wordLength(level, rng), rng);
    // Mostly a letter of the word; sometimes one it lacks, so that 0 is a possible answer.
    char letter = rng.nextInt(4) > 0 ? word.charAt(rng.nextInt(word.length())) : absentLetter(word, rng);
    long count = word.chars().filter(c -> c == letter).count();
    return new Task(Family.COUNT_LETTER, level,
        "How many times does '" + letter + "' appear in '" + word + "'?", Long.toString(count));
  }

  private static Task extreme(Family family, int level, String which, Random rng) {
    List<Integer> numbers = distinctNumbers(level + 2, level == 1 ? 9 : level == 2 ? 99 : 999, rng);
    int gold = family == Family.MAX ? numbers.stream().max(Integer::compare).orElseThrow()
        : numbers.stream().min(Integer::compare).orElseThrow();
    return new Task(family, level, "What is the " + which + " of " + joined(numbers) + "?",
        Integer.toString(gold));
  }

  private static Task sortNumbers(int level, Random rng) {
    List<Integer> numbers = distinctNumbers(level + 3, level == 1 ? 9 : 99, rng);
    return new Task(Family.SORT_NUMBERS, level, "Sort in ascending order: " + joined(numbers),
        joined(numbers.stream().sorted().toList()));
  }

  private static Task wordTask(Family family, int level, String phrasing, Random rng) {
    String word = word(wordLength(level, rng), rng);
    String shown = family == Family.LOWERCASE ? mixedCase(word, rng) : word;
    String gold = switch (family) {
      case REVERSE -> new StringBuilder(word).reverse().toString();
      case SORT_LETTERS -> word.chars().sorted().collect(StringBuilder::new,
          StringBuilder::appendCodePoint, StringBuilder::append).toString();
      case UPPERCASE -> word.toUpperCase(Locale.ROOT);
      case LOWERCASE -> word;
      default -> throw new IllegalArgumentException("not a word task: " + family);
    };
    return new Task(family, level, String.format(Locale.ROOT, phrasing, shown), gold);
  }

  /** Answers of 4 to 12 letters: a 2-letter piece twice up to a 3-letter piece four times. */
  private static Task repeat(int level, Random rng) {
    String piece = word(level == 1 ? 2 : level == 2 ? between(rng, 2, 3) : 3, rng);
    int times = level + 1;
    return new Task(Family.REPEAT, level,
        "Repeat '" + piece + "' " + times + " times, no spaces.", piece.repeat(times));
  }

  /** Level 1: 4-5 letters; 2: 6-7; 3: 8-10. At least 4, so every closeness level exists. */
  private static int wordLength(int level, Random rng) {
    return switch (level) {
      case 1 -> between(rng, 4, 5);
      case 2 -> between(rng, 6, 7);
      default -> between(rng, 8, 10);
    };
  }

  /** A made-up word alternating consonants and vowels, starting with either. */
  static String word(int length, Random rng) {
    StringBuilder w = new StringBuilder(length);
    boolean vowel = rng.nextBoolean();
    while (w.length() < length) {
      String from = vowel ? VOWELS : CONSONANTS;
      w.append(from.charAt(rng.nextInt(from.length())));
      vowel = !vowel;
    }
    return w.toString();
  }

  /** The word with random letters upper-cased, at least one, so lowercasing changes it. */
  private static String mixedCase(String word, Random rng) {
    char[] c = word.toCharArray();
    int surely = rng.nextInt(c.length);
    c[surely] = Character.toUpperCase(c[surely]);
    for (int i = 0; i < c.length; i++) {
      if (rng.nextBoolean()) {
        c[i] = Character.toUpperCase(c[i]);
      }
    }
    return new String(c);
  }

  private static char absentLetter(String word, Random rng) {
    List<Character> absent = new ArrayList<>();
    for (char c = 'a'; c <= 'z'; c++) {
      if (word.indexOf(c) < 0) {
        absent.add(c);
      }
    }
    return absent.get(rng.nextInt(absent.size()));
  }

  private static List<Integer> distinctNumbers(int count, int max, Random rng) {
    Set<Integer> numbers = new LinkedHashSet<>();
    while (numbers.size() < count) {
      numbers.add(between(rng, 0, max));
    }
    return List.copyOf(numbers);
  }

  private static String joined(List<Integer> numbers) {
    return numbers.stream().map(String::valueOf).collect(Collectors.joining(" "));
  }

  static int between(Random rng, int min, int max) {
    return min + rng.nextInt(max - min + 1);
  }
}
