package dev.tribunal.jobs.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One active run per run id: {@code <run>/_lock}, created exclusively, names its holder (host,
 * pid, process start time, acquisition time, heartbeat; see {@link LockHolder}) and is refreshed
 * by a daemon thread while the run lives. Closing stops the heartbeat and deletes it.
 *
 * <p>A crashed run leaves its lock behind, so acquiring one that exists judges its holder: on this
 * host, a holder whose pid is gone, or now belongs to a process started at another time, is dead;
 * from another host, one whose heartbeat is older than the staleness is dead. A dead holder's lock
 * is broken, with a log line saying why; any other is refused, naming the holder. A lock written
 * by an older version from another host cannot be judged (it never had a heartbeat) and is
 * refused: {@code tribunal unlock} clears it.
 *
 * <p>Holding the lock proves no other live process writes this run, so acquiring also removes the
 * staging directories that dead attempts left behind.
 */
public final class RunLock implements AutoCloseable {
  /** Default staleness: several missed heartbeats, well above a long GC pause or a slow store. */
  public static final Duration DEFAULT_STALE_AFTER = Duration.ofMinutes(10);
  /** A recorded start time within this of the live process's is the same process (boot time is read to the second). */
  private static final Duration START_TOLERANCE = Duration.ofSeconds(1);
  private static final Logger LOG = LoggerFactory.getLogger(RunLock.class);

  private final RunDirectory run;
  private final Path file;
  private final ScheduledExecutorService heartbeat;
  private volatile LockHolder holder;
  private boolean closed;

  private RunLock(RunDirectory run, Path file, LockHolder holder, Duration every) {
    this.run = run;
    this.file = file;
    this.holder = holder;
    this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "run-lock-heartbeat");
      t.setDaemon(true); // a heartbeat must never keep a finished JVM alive
      return t;
    });
    long ms = Math.max(1, every.toMillis());
    heartbeat.scheduleWithFixedDelay(this::beat, ms, ms, TimeUnit.MILLISECONDS);
  }

  /** With the default staleness. */
  public static RunLock acquire(RunDirectory run) {
    return acquire(run, DEFAULT_STALE_AFTER);
  }

  /** Heartbeats every quarter of the staleness, so a live holder never looks stale. */
  public static RunLock acquire(RunDirectory run, Duration staleAfter) {
    return acquire(run, staleAfter, staleAfter.dividedBy(4));
  }

  static RunLock acquire(RunDirectory run, Duration staleAfter, Duration heartbeatEvery) {
    Path file = lockFile(run);
    LockHolder me = LockHolder.current(Instant.now());
    try {
      take(run, file, me, staleAfter);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + run.uri(), e);
    }
    RunLock lock = new RunLock(run, file, me, heartbeatEvery);
    try {
      clearStaging(run);
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
    return lock;
  }

  /**
   * As {@link #acquire(RunDirectory, Duration)}, for a retry that nobody watches: a lock whose
   * holder cannot be judged yet (on another host, with a recent heartbeat) is watched instead of
   * refused. A holder whose lock changes meanwhile (its heartbeat moves) is alive and refused; one
   * whose lock stays as it was until the staleness has passed is dead, and its lock broken as
   * acquire breaks it. A holder alive on this host is refused at once.
   */
  public static RunLock acquireWaiting(RunDirectory run, Duration staleAfter) {
    return acquireWaiting(run, staleAfter, staleAfter.dividedBy(10));
  }

  static RunLock acquireWaiting(RunDirectory run, Duration staleAfter, Duration poll) {
    Instant deadline = Instant.now().plus(staleAfter).plus(poll.multipliedBy(2));
    Status first = null;
    while (true) {
      try {
        return acquire(run, staleAfter);
      } catch (RunInUseException refused) {
        Optional<Status> seen = inspect(run, staleAfter);
        if (seen.isEmpty()) continue; // released meanwhile
        Status s = seen.get();
        if (s.state() == State.ALIVE || Instant.now().isAfter(deadline)) throw refused;
        if (first == null) {
          first = s;
          LOG.info("run {}: locked by {} ({}); watching it for up to {} s", run.uri(), s.holderText(), s.reason(),
              staleAfter.toSeconds());
        } else if (!Arrays.equals(first.content, s.content)) {
          throw new RunInUseException("run " + run.uri() + " is in use by another process: " + s.holderText()
              + "; its lock changed while this run watched it, so its holder is alive");
        }
        sleep(poll);
      }
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(Math.max(1, d.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RunInUseException("interrupted while waiting for the lock");
    }
  }

  /** Creates the lock, breaking a dead holder's first; refuses a holder not proven dead. */
  private static void take(RunDirectory run, Path file, LockHolder me, Duration staleAfter) throws IOException {
    byte[] mine = me.toJson();
    // A lock released between our create and our read is simply gone: try again, a few times.
    for (int attempt = 0; attempt < 3; attempt++) {
      if (run.createExclusive(file, mine)) return;
      Optional<Status> seen = inspect(run, staleAfter);
      if (seen.isEmpty()) continue;
      Status s = seen.get();
      if (s.state() != State.DEAD) throw refusal(run, s);
      LOG.warn("run {}: breaking the lock of {}: {}", run.uri(), s.holderText(), s.reason());
      if (!remove(run, s)) throw lostRace(run);
      if (run.createExclusive(file, mine)) return;
      throw lostRace(run);
    }
    throw lostRace(run);
  }

  /** The lock's holder and whether it is alive, or empty when the run is not locked. */
  public static Optional<Status> inspect(RunDirectory run, Duration staleAfter) {
    try {
      return run.snapshot(lockFile(run)).map(s -> judge(s, staleAfter, Instant.now()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the lock of " + run.uri(), e);
    }
  }

  /**
   * Removes the lock, but only if it is still the one inspected: it is first moved aside (one
   * atomic step on HDFS and local disks, so of two processes breaking the same dead lock only one
   * gets it), then compared; a lock that changed in the meantime belongs to a live holder and is
   * put back. False when it was gone or had changed.
   */
  public static boolean remove(RunDirectory run, Status inspected) {
    Path file = lockFile(run);
    Path aside = new Path(run.path(), "._lock.broken." + UUID.randomUUID());
    try {
      if (!run.fs().rename(file, aside)) return false;
      Optional<RunDirectory.Snapshot> moved = run.snapshot(aside);
      if (moved.isPresent() && Arrays.equals(moved.get().content(), inspected.content)) {
        run.delete(aside);
        return true;
      }
      restore(run, aside, file);
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the lock of " + run.uri(), e);
    }
  }

  /** Puts back a lock moved aside by mistake, unless another has been created since. */
  private static void restore(RunDirectory run, Path aside, Path file) throws IOException {
    try {
      try {
        FileContext.getFileContext(file.toUri(), run.fs().getConf()).rename(aside, file, Options.Rename.NONE);
      } catch (org.apache.hadoop.fs.UnsupportedFileSystemException e) {
        // No FileContext binding for this scheme: an exclusive create of the same bytes is as safe.
        Optional<RunDirectory.Snapshot> moved = run.snapshot(aside);
        if (moved.isEmpty() || !run.createExclusive(file, moved.get().content())) {
          throw new org.apache.hadoop.fs.FileAlreadyExistsException(file.toString());
        }
        run.delete(aside);
      }
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
      LOG.error("run {}: a lock moved aside could not be put back, another was created meanwhile; it is kept as {}",
          run.uri(), aside);
    }
  }

  static Status judge(RunDirectory.Snapshot snapshot, Duration staleAfter, Instant now) {
    Optional<LockHolder> holder = LockHolder.parse(snapshot.content());
    Instant modified = Instant.ofEpochMilli(snapshot.modifiedMillis());
    if (holder.isEmpty()) {
      return stale(modified, staleAfter, now)
          ? Status.of(snapshot, null, State.DEAD, "the lock is unreadable and was last written " + modified
              + ", more than " + staleAfter.toSeconds() + " s ago")
          : Status.of(snapshot, null, State.UNKNOWN, "the lock is unreadable and was written " + modified);
    }
    LockHolder h = holder.get();
    if (h.onThisHost()) return processStatus(snapshot, h);
    if (h.legacy()) {
      return Status.of(snapshot, h, State.UNKNOWN,
          "it was written by an older version on another host, with no heartbeat to judge it by");
    }
    // The file's own time guards against a writer whose clock runs behind ours.
    Instant last = h.heartbeatInstant().filter(i -> i.isAfter(modified)).orElse(modified);
    return stale(last, staleAfter, now)
        ? Status.of(snapshot, h, State.DEAD, "no heartbeat since " + last + ", more than "
            + staleAfter.toSeconds() + " s ago, from host " + h.host())
        : Status.of(snapshot, h, State.UNKNOWN, "it is on host " + h.host() + " and its heartbeat is recent");
  }

  private static boolean stale(Instant last, Duration staleAfter, Instant now) {
    return Duration.between(last, now).compareTo(staleAfter) > 0;
  }

  /** Judges a holder on this host by the process table: its pid, and the start time behind it. */
  private static Status processStatus(RunDirectory.Snapshot snapshot, LockHolder h) {
    Optional<ProcessHandle> p = ProcessHandle.of(h.pid()).filter(ProcessHandle::isAlive);
    if (p.isEmpty()) return Status.of(snapshot, h, State.DEAD, "no process " + h.pid() + " is running on this host");
    Optional<Instant> recorded = h.processStartInstant();
    Optional<Instant> actual = p.get().info().startInstant();
    if (recorded.isEmpty() || actual.isEmpty()) {
      return Status.of(snapshot, h, State.ALIVE,
          "process " + h.pid() + " is running on this host (its start time cannot be compared)");
    }
    if (Duration.between(recorded.get(), actual.get()).abs().compareTo(START_TOLERANCE) > 0) {
      return Status.of(snapshot, h, State.DEAD, "pid " + h.pid() + " now belongs to a process started "
          + actual.get() + ", not the holder started " + recorded.get());
    }
    return Status.of(snapshot, h, State.ALIVE, "process " + h.pid() + " is running on this host");
  }

  private static RunInUseException refusal(RunDirectory run, Status s) {
    return new RunInUseException("run " + run.uri() + " is in use by another process: " + s.holderText()
        + "; " + s.reason() + ". If no run is active, clear it with: tribunal unlock --run-id "
        + run.path().getName());
  }

  private static RunInUseException lostRace(RunDirectory run) {
    return new RunInUseException("run " + run.uri() + " is in use by another process: another run took"
        + " its lock at the same time");
  }

  private static void clearStaging(RunDirectory run) {
    List<String> removed = run.clearStaging();
    if (!removed.isEmpty()) {
      LOG.info("run {}: removed staging left by earlier attempts: {}", run.uri(), String.join(", ", removed));
    }
  }

  static Path lockFile(RunDirectory run) {
    return new Path(run.path(), "_lock");
  }

  /** Rewrites the lock with a new heartbeat, as long as it is still ours. */
  private void beat() {
    try {
      // Checked before each write, so a lock broken and retaken by another run is not overwritten.
      Optional<LockHolder> now = current();
      if (now.isEmpty() || !holder.token().equals(now.get().token())) {
        LOG.error("run {}: the lock is no longer this run's (now: {}); heartbeat stopped", run.uri(),
            now.map(LockHolder::describe).orElse("none"));
        heartbeat.shutdown();
        return;
      }
      LockHolder next = holder.withHeartbeat(Instant.now());
      run.overwrite(file, next.toJson());
      holder = next;
    } catch (IOException | RuntimeException e) {
      // Missing a beat is fine: the staleness allows several before anyone judges us dead.
      LOG.warn("run {}: cannot refresh the lock: {}", run.uri(), e.toString());
    }
  }

  private Optional<LockHolder> current() throws IOException {
    return run.snapshot(file).flatMap(s -> LockHolder.parse(s.content()));
  }

  /** The holder as last written, heartbeat included. */
  LockHolder holder() {
    return holder;
  }

  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    heartbeat.shutdownNow();
    try {
      // A beat in progress must finish before the delete, or it could write the lock back.
      heartbeat.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    deleteIfOurs();
  }

  private void deleteIfOurs() {
    try {
      Optional<LockHolder> now = current();
      if (now.isPresent() && holder.token().equals(now.get().token())) {
        run.delete(file);
      } else {
        LOG.warn("run {}: the lock was no longer this run's at close; left as it is", run.uri());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot release the lock of " + run.uri(), e);
    }
  }

  /** Whether a lock's holder is proven alive (on this host), proven dead, or cannot be judged. */
  public enum State { ALIVE, DEAD, UNKNOWN }

  /** A lock as read: its holder (null when unreadable), the judgement and the reason for it. */
  public static final class Status {
    private final byte[] content;
    private final LockHolder holder;
    private final State state;
    private final String reason;

    private Status(byte[] content, LockHolder holder, State state, String reason) {
      this.content = content;
      this.holder = holder;
      this.state = state;
      this.reason = reason;
    }

    static Status of(RunDirectory.Snapshot s, LockHolder holder, State state, String reason) {
      return new Status(s.content(), holder, state, reason);
    }

    public LockHolder holder() {
      return holder;
    }

    public State state() {
      return state;
    }

    public String reason() {
      return reason;
    }

    /** The holder described, or the raw content when it could not be parsed. */
    public String holderText() {
      if (holder != null) return holder.describe();
      String raw = new String(content, java.nio.charset.StandardCharsets.UTF_8).strip();
      return raw.isEmpty() ? "an empty lock file" : "'" + raw + "'";
    }
  }

  /** Another process holds the run. */
  public static final class RunInUseException extends RuntimeException {
    RunInUseException(String message) {
      super(message);
    }
  }
}
