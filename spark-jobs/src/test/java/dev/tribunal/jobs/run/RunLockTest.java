package dev.tribunal.jobs.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run lock after crashes: who is judged dead, who is refused, and what a new holder cleans up. */
class RunLockTest {
  private static final Duration STALE = Duration.ofMinutes(10);

  @TempDir Path root;
  private RunDirectory run;
  private Path lock;

  @BeforeEach
  void setUp() {
    run = new RunDirectory(root.toString(), "r", new Configuration());
    lock = root.resolve("r").resolve("_lock");
  }

  @Test
  void aDeadHolderOnThisHostIsBrokenAndTheLockTaken() throws Exception {
    Exited dead = Exited.spawn();
    write(holder(LockHolder.localHost(), dead.pid(), dead.start(), Instant.now()));
    RunLock.Status seen = RunLock.inspect(run, STALE).orElseThrow();
    assertEquals(RunLock.State.DEAD, seen.state());
    assertTrue(seen.reason().contains("no process " + dead.pid()) || seen.reason().contains("now belongs to"),
        seen.reason());
    try (RunLock held = RunLock.acquire(run, STALE)) {
      assertEquals(ProcessHandle.current().pid(), readHolder().pid());
    }
    assertFalse(Files.exists(lock), "closing deletes the lock");
  }

  @Test
  void aLiveHolderOnThisHostIsRefusedAndNamed() throws Exception {
    ProcessHandle self = ProcessHandle.current();
    Instant start = self.info().startInstant().orElseThrow();
    byte[] other = write(holder(LockHolder.localHost(), self.pid(), start, Instant.now()));
    var e = assertThrows(RunLock.RunInUseException.class, () -> RunLock.acquire(run, STALE));
    assertTrue(e.getMessage().contains("in use by another process: pid " + self.pid() + "@" + LockHolder.localHost()),
        e.getMessage());
    assertTrue(e.getMessage().contains("last heartbeat"), e.getMessage());
    assertTrue(e.getMessage().contains("tribunal unlock --run-id r"), e.getMessage());
    assertArrayEquals(other, Files.readAllBytes(lock), "a refused run leaves the lock as it was");
  }

  @Test
  void aSecondAcquireInTheSameProcessIsRefused() {
    try (RunLock held = RunLock.acquire(run, STALE)) {
      var e = assertThrows(RunLock.RunInUseException.class, () -> RunLock.acquire(run, STALE));
      assertTrue(e.getMessage().contains("is running on this host"), e.getMessage());
    }
  }

  @Test
  void anOldHeartbeatFromAnotherHostIsBroken() throws Exception {
    Instant hourAgo = Instant.now().minus(Duration.ofHours(1));
    write(holder("elsewhere.example", 4242, hourAgo, hourAgo));
    lock.toFile().setLastModified(hourAgo.toEpochMilli()); // the file's own time counts too
    RunLock.Status seen = RunLock.inspect(run, STALE).orElseThrow();
    assertEquals(RunLock.State.DEAD, seen.state());
    assertTrue(seen.reason().startsWith("no heartbeat since"), seen.reason());
    RunLock.acquire(run, STALE).close();
  }

  @Test
  void aFreshHeartbeatFromAnotherHostIsRefused() throws Exception {
    write(holder("elsewhere.example", 4242, Instant.now(), Instant.now()));
    var e = assertThrows(RunLock.RunInUseException.class, () -> RunLock.acquire(run, STALE));
    assertTrue(e.getMessage().contains("pid 4242@elsewhere.example"), e.getMessage());
    assertTrue(e.getMessage().contains("heartbeat is recent"), e.getMessage());
  }

  @Test
  void aWatchedLockFromAnotherHostThatStaysStillIsBrokenOnceStale() throws Exception {
    Duration stale = Duration.ofSeconds(2);
    write(holder("elsewhere.example", 4242, Instant.now(), Instant.now()));
    long start = System.nanoTime();
    try (RunLock held = RunLock.acquireWaiting(run, stale, Duration.ofMillis(200))) {
      assertEquals(ProcessHandle.current().pid(), readHolder().pid());
    }
    assertTrue(System.nanoTime() - start >= stale.toNanos(), "not before it was stale");
  }

  @Test
  void aWatchedLockWhoseHeartbeatMovesIsRefusedAsAlive() throws Exception {
    Duration stale = Duration.ofSeconds(5);
    write(holder("elsewhere.example", 4242, Instant.now(), Instant.now()));
    Thread beating = new Thread(() -> {
      try {
        for (int i = 0; i < 20; i++) {
          Thread.sleep(150);
          write(holder("elsewhere.example", 4242, Instant.now(), Instant.now()));
        }
      } catch (Exception e) {
        // the test's end interrupts it
      }
    });
    beating.start();
    try {
      var e = assertThrows(RunLock.RunInUseException.class, () -> RunLock.acquireWaiting(run, stale, Duration.ofMillis(100)));
      assertTrue(e.getMessage().contains("changed while this run watched it"), e.getMessage());
    } finally {
      beating.interrupt();
      beating.join();
    }
    assertTrue(Files.exists(lock), "a live holder's lock is left alone");
  }

  @Test
  void anOldHeartbeatIsNotStaleWhileTheFileIsFresh() throws Exception {
    // A writer whose clock runs an hour behind still refreshes the file: it is alive.
    Instant hourAgo = Instant.now().minus(Duration.ofHours(1));
    write(holder("elsewhere.example", 4242, hourAgo, hourAgo));
    assertEquals(RunLock.State.UNKNOWN, RunLock.inspect(run, STALE).orElseThrow().state());
  }

  @Test
  void oldFormatLocksAreJudgedByThePidOnThisHost() throws Exception {
    Exited dead = Exited.spawn();
    writeText(dead.pid() + "@" + LockHolder.localHost() + " since 2026-01-01T00:00:00Z");
    RunLock.acquire(run, STALE).close();

    writeText(ProcessHandle.current().pid() + "@" + LockHolder.localHost() + " since 2026-01-01T00:00:00Z");
    var live = assertThrows(RunLock.RunInUseException.class, () -> RunLock.acquire(run, STALE));
    assertTrue(live.getMessage().contains("pid " + ProcessHandle.current().pid() + "@"), live.getMessage());

    // From another host there is no heartbeat to go by: left to tribunal unlock.
    writeText("4242@elsewhere.example since 2026-01-01T00:00:00Z");
    lock.toFile().setLastModified(0);
    var other = assertThrows(RunLock.RunInUseException.class, () -> RunLock.acquire(run, STALE));
    assertTrue(other.getMessage().contains("older version on another host"), other.getMessage());
  }

  @Test
  void anUnreadableLockIsBrokenOnlyOnceStale() throws Exception {
    writeText("");
    var e = assertThrows(RunLock.RunInUseException.class, () -> RunLock.acquire(run, STALE));
    assertTrue(e.getMessage().contains("an empty lock file"), e.getMessage());
    lock.toFile().setLastModified(Instant.now().minus(Duration.ofHours(1)).toEpochMilli());
    RunLock.acquire(run, STALE).close();
  }

  @Test
  void aLockThatChangedSinceItWasJudgedIsPutBack() throws Exception {
    Exited dead = Exited.spawn();
    write(holder(LockHolder.localHost(), dead.pid(), dead.start(), Instant.now()));
    RunLock.Status judged = RunLock.inspect(run, STALE).orElseThrow();
    // Meanwhile another run broke it and took it: ours must not remove that one.
    byte[] taken = write(holder("elsewhere.example", 4242, Instant.now(), Instant.now()));
    assertFalse(RunLock.remove(run, judged));
    assertArrayEquals(taken, Files.readAllBytes(lock));
    try (var leftovers = Files.list(lock.getParent())) {
      assertTrue(leftovers.noneMatch(p -> p.getFileName().toString().contains("broken")));
    }
  }

  @Test
  void theHeartbeatAdvancesWhileHeldAndStopsAtClose() throws Exception {
    LockHolder first;
    LockHolder later;
    try (RunLock held = RunLock.acquire(run, STALE, Duration.ofMillis(50))) {
      first = readHolder();
      later = first;
      for (int i = 0; i < 100 && later.heartbeat().equals(first.heartbeat()); i++) {
        Thread.sleep(50);
        later = readHolder();
      }
    }
    assertTrue(Instant.parse(later.heartbeat()).isAfter(Instant.parse(first.heartbeat())), later.heartbeat());
    assertEquals(first.token(), later.token());
    assertEquals(first.acquired(), later.acquired());
    Thread.sleep(200);
    assertFalse(Files.exists(lock), "no heartbeat writes the lock back after close");
  }

  @Test
  void stagingLeftByADeadAttemptIsRemovedOnTheNextAcquire() throws Exception {
    Path leftover = root.resolve("r/_staging/prompts-" + UUID.randomUUID());
    Files.createDirectories(leftover.resolve("_temporary"));
    Files.writeString(leftover.resolve("part-00000.parquet"), "half");
    Exited dead = Exited.spawn();
    write(holder(LockHolder.localHost(), dead.pid(), dead.start(), Instant.now()));
    try (RunLock held = RunLock.acquire(run, STALE)) {
      assertFalse(Files.exists(leftover));
      assertTrue(Files.isDirectory(root.resolve("r/_staging")));
    }
  }

  private static LockHolder holder(String host, long pid, Instant start, Instant heartbeat) {
    return new LockHolder(host, null, pid, start.toString(), heartbeat.toString(), heartbeat.toString(),
        UUID.randomUUID().toString());
  }

  private byte[] write(LockHolder h) throws Exception {
    byte[] bytes = h.toJson();
    Files.createDirectories(lock.getParent());
    Files.write(lock, bytes);
    return bytes;
  }

  private void writeText(String text) throws Exception {
    Files.createDirectories(lock.getParent());
    Files.writeString(lock, text);
  }

  /** The lock's holder; a read that meets a heartbeat mid-write is tried again. */
  private LockHolder readHolder() throws Exception {
    for (int i = 0; i < 20; i++) {
      var h = LockHolder.parse(Files.readAllBytes(lock));
      if (h.isPresent()) return h.get();
      Thread.sleep(5);
    }
    throw new AssertionError("the lock stayed unreadable: " + Files.readString(lock));
  }

  /** A process that has run and exited: its pid names no live process with its start time. */
  record Exited(long pid, Instant start) {
    static Exited spawn() throws Exception {
      Process p = new ProcessBuilder("true").start();
      Instant start = p.toHandle().info().startInstant().orElse(Instant.now());
      p.waitFor();
      return new Exited(p.pid(), start);
    }
  }
}
