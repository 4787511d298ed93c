package dev.tribunal.jobs;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checkpoint shipped in models/seed, for tests that need a model that answers sensibly. */
public final class ShippedSeed {
  private ShippedSeed() {}

  /** models/seed at the repository root, found from the module's directory upwards. */
  public static Path path() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("models").resolve("seed");
      if (Files.isRegularFile(candidate.resolve("config.json"))) return candidate;
    }
    throw new IllegalStateException("models/seed not found above " + Path.of("").toAbsolutePath());
  }
}
