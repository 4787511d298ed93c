package dev.tribunal.jobs.stages;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Stands in for the DPO trainer: names a new version, writes a one-file checkpoint, and remembers what it was given. */
public final class FakeTrainer implements PolicyTrainer {
  final List<Request> requests = new CopyOnWriteArrayList<>();

  @Override
  public String name() {
    return "fake";
  }

  @Override
  public Checkpoint train(Request request) {
    requests.add(request);
    String version = "M" + (request.iteration() + 1);
    try {
      Path dir = Files.createDirectories(Path.of(request.outputDir()));
      Files.writeString(dir.resolve("version.txt"), version);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Checkpoint(version, request.outputDir(), Map.of("pairs", (double) request.pairs().size()));
  }
}
