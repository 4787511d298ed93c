package dev.tribunal.jobs.run;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.Path;

/**
 * One active run per run id: a lock file created exclusively. A crash leaves it behind, so the
 * refusal says who held it and how to clear it.
 */
public final class RunLock implements AutoCloseable {
  private final RunDirectory run;
  private final Path file;

  private RunLock(RunDirectory run, Path file) {
    this.run = run;
    this.file = file;
  }

  public static RunLock acquire(RunDirectory run) {
    Path file = new Path(run.path(), "_lock");
    String owner = ProcessHandle.current().pid() + "@" + hostname() + " since " + java.time.Instant.now();
    try {
      run.fs().mkdirs(run.path());
      if (run.fs().exists(file)) throw refusal(run, file);
      try (OutputStream out = run.fs().create(file, false)) {
        out.write(owner.getBytes(StandardCharsets.UTF_8));
      }
      return new RunLock(run, file);
    } catch (FileAlreadyExistsException e) {
      throw refusal(run, file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + run.uri(), e);
    }
  }

  private static RunInUseException refusal(RunDirectory run, Path file) {
    String holder;
    try (var in = run.fs().open(file)) {
      holder = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      holder = "unknown";
    }
    return new RunInUseException("run " + run.uri() + " is in use by another process (" + holder
        + "); if no other run is active, delete " + file);
  }

  private static String hostname() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown-host";
    }
  }

  @Override
  public void close() {
    run.delete(file);
  }

  /** Another process holds the run. */
  public static final class RunInUseException extends RuntimeException {
    RunInUseException(String message) {
      super(message);
    }
  }
}
