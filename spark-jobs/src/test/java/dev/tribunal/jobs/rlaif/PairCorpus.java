package dev.tribunal.jobs.rlaif;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * A generated TRL preference corpus of any size, written line by line so that writing it costs no
 * memory: short arithmetic questions, the right sum chosen and a wrong one rejected. The texts are
 * printable ASCII, every character a token of the seed model's character-level tokenizer, and short
 * enough that a labeling prompt of both responses fits its 512-token context. Optional filler
 * (random words after each response) makes the corpus large in bytes for memory checks.
 */
final class PairCorpus {
  private static final long SEED = 20240729L;
  private static final ObjectMapper JSON = new ObjectMapper();

  private PairCorpus() {}

  /** Writes pairs records with ids p0, p1, ... and returns the file's size in bytes. */
  static long write(Path file, int pairs, int fillerChars) throws IOException {
    Random random = new Random(SEED);
    try (BufferedWriter out = Files.newBufferedWriter(file)) {
      for (int i = 0; i < pairs; i++) {
        out.write(JSON.writeValueAsString(record(i, random, fillerChars)));
        out.newLine();
      }
    }
    return Files.size(file);
  }

  private static ObjectNode record(int i, Random random, int fillerChars) {
    int a = random.nextInt(100);
    int b = random.nextInt(100);
    int wrong = a + b + 1 + random.nextInt(9);
    ObjectNode n = JSON.createObjectNode();
    n.put("id", "p" + i);
    n.put("prompt", "What is " + a + " + " + b + "?");
    n.put("chosen", a + " + " + b + " = " + (a + b) + "." + filler(random, fillerChars));
    n.put("rejected", a + " + " + b + " = " + wrong + "." + filler(random, fillerChars));
    return n;
  }

  /** Random lowercase words, so that the filler does not compress away in Parquet. */
  private static String filler(Random random, int chars) {
    StringBuilder s = new StringBuilder(chars);
    while (s.length() < chars) s.append(random.nextInt(6) == 0 ? ' ' : (char) ('a' + random.nextInt(26)));
    return chars == 0 ? "" : " " + s;
  }
}
