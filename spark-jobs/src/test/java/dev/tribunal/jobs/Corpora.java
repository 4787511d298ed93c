package dev.tribunal.jobs;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Samples of real preference corpora, copied into the test resources (sources in corpora/README.md). */
public final class Corpora {
  private Corpora() {}

  /** The folder holding the samples. */
  public static Path dir() {
    try {
      return Path.of(Corpora.class.getResource("/corpora/README.md").toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Path hhRlhf() {
    return dir().resolve("hh-rlhf-harmless-base-test.sample.jsonl");
  }

  public static Path alpacaEval() {
    return dir().resolve("alpaca-eval-gpt4-annotations.sample.json");
  }
}
