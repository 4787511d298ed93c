package dev.tribunal.jobs.progress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Follows a trainer's metrics log (one JSON line per optimizer step, flushed as written) and
 * prints a progress line every few seconds, in the style of the stage progress line: what trains,
 * step, loss, tokens per second and the time left. Runs beside the trainer on its own daemon
 * thread, so the trainer needs no callback. Used by every training on the driver: the seed's
 * phases, DPO, the reward model, BOND.
 */
public final class TrainingProgress implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long POLL_MILLIS = 500;
  private static final long PRINT_NANOS = Duration.ofSeconds(10).toNanos();

  private static volatile PrintStream sink;

  private final String label;
  private final Path log;
  private final int totalSteps;
  private final PrintStream out;
  private final Thread thread;
  private volatile boolean closed;
  private long lastPrint = System.nanoTime();
  private int step;
  private double loss = Double.NaN;
  private long tokens;
  private double seconds;

  private TrainingProgress(String label, Path log, int totalSteps, PrintStream out) {
    this.label = label;
    this.log = log;
    this.totalSteps = totalSteps;
    this.out = out;
    this.thread = new Thread(this::follow, "training-progress");
    thread.setDaemon(true);
  }

  /**
   * Where the command's training progress goes: stderr, or null under --quiet (nothing is
   * followed then). Set by the command before any training starts.
   */
  public static void to(PrintStream out) {
    sink = out;
  }

  /** Follows log to the command's progress stream (see {@link #to}); totalSteps 0 when not known. */
  public static TrainingProgress follow(String label, Path log, int totalSteps) {
    PrintStream out = sink;
    return out == null ? new TrainingProgress(label, log, totalSteps, null) : follow(label, log, totalSteps, out);
  }

  public static TrainingProgress follow(String label, Path log, int totalSteps, PrintStream out) {
    TrainingProgress p = new TrainingProgress(label, log, totalSteps, out);
    p.thread.start();
    return p;
  }

  private void follow() {
    try {
      long read = 0;
      StringBuilder partial = new StringBuilder();
      boolean last = false;
      while (!last) {
        last = closed; // after close, one more pass picks up the final lines
        if (Files.exists(log)) read = readFrom(read, partial);
        if (!last) Thread.sleep(POLL_MILLIS);
      }
      print();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      out.println("training progress: cannot read " + log + ": " + e.getMessage());
    }
  }

  /** Reads the log from byte offset {@code from}, handles every complete line, returns the new offset. */
  private long readFrom(long from, StringBuilder partial) throws IOException {
    try (SeekableByteChannel ch = Files.newByteChannel(log)) {
      long size = ch.size();
      if (size <= from) return from;
      ByteBuffer buf = ByteBuffer.allocate((int) Math.min(size - from, Integer.MAX_VALUE - 8));
      ch.position(from);
      while (buf.hasRemaining() && ch.read(buf) > 0) {
        // keep reading up to the size seen
      }
      partial.append(new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8));
      int nl;
      while ((nl = partial.indexOf("\n")) >= 0) {
        record(partial.substring(0, nl));
        partial.delete(0, nl + 1);
      }
      return from + buf.position();
    }
  }

  private void record(String line) throws IOException {
    JsonNode m = JSON.readTree(line);
    step = m.path("step").asInt(step);
    if (m.has("loss")) loss = m.get("loss").asDouble();
    tokens += m.path("num_tokens").asLong(0);
    seconds += m.path("step_seconds").asDouble(0);
    if (System.nanoTime() - lastPrint >= PRINT_NANOS) print();
  }

  private void print() {
    lastPrint = System.nanoTime();
    if (step == 0) return;
    out.println(line());
    out.flush();
  }

  String line() {
    String steps = totalSteps > 0 ? step + "/" + totalSteps : Integer.toString(step);
    String eta = totalSteps > 0 ? ProgressListener.clock(seconds / step * Math.max(0, totalSteps - step)) : "?";
    return String.format(Locale.ROOT, "[%s] step %s  loss %.4f  %,.0f tokens/s  elapsed %s  ETA %s", label, steps, loss,
        tokens / Math.max(seconds, 1e-9), ProgressListener.clock(seconds), eta);
  }

  /** Reads what is left of the log, prints the last line, and stops following. */
  @Override
  public void close() {
    if (!thread.isAlive() && out == null) return; // nowhere to report: never started
    closed = true;
    try {
      thread.join(Duration.ofSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
