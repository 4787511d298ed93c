package dev.tribunal.worker.http;

import java.time.Duration;

/** Waits between attempts; tests pass one that advances a fake clock instead. */
@FunctionalInterface
public interface Sleeper {
  Sleeper SYSTEM = d -> Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);

  void sleep(Duration duration) throws InterruptedException;
}
