package dev.tribunal.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tribunal unlock: prints the holder, refuses a live one on this host, removes a dead one. */
class UnlockCommandTest {
  @TempDir Path dir;

  @Test
  void aLiveHolderOnThisHostIsRefusedUnlessForced() throws Exception {
    ProcessHandle self = ProcessHandle.current();
    Path lock = writeLock(self.pid(), self.info().startInstant().orElseThrow());
    CliRun refused = unlock();
    assertEquals(ExitCodes.FAILURE, refused.code(), refused.err());
    assertTrue(refused.out().contains("is locked by pid " + self.pid() + "@"), refused.out());
    assertTrue(refused.err().contains("is running on this host"), refused.err());
    assertTrue(Files.exists(lock));

    CliRun forced = unlock("--force");
    assertEquals(ExitCodes.OK, forced.code(), forced.err());
    assertTrue(forced.out().contains("lock removed"), forced.out());
    assertFalse(Files.exists(lock));
  }

  @Test
  void aDeadHolderIsRemoved() throws Exception {
    Process p = new ProcessBuilder("true").start();
    Instant start = p.toHandle().info().startInstant().orElse(Instant.now());
    p.waitFor();
    Path lock = writeLock(p.pid(), start);
    CliRun r = unlock();
    assertEquals(ExitCodes.OK, r.code(), r.err());
    assertTrue(r.out().contains("is locked by pid " + p.pid() + "@"), r.out());
    assertTrue(r.out().contains("lock removed"), r.out());
    assertFalse(Files.exists(lock));
  }

  @Test
  void anUnlockedRunIsSaidToBeSo() {
    CliRun r = unlock();
    assertEquals(ExitCodes.OK, r.code(), r.err());
    assertTrue(r.out().contains("is not locked"), r.out());
  }

  private CliRun unlock(String... extra) {
    String[] args = {"unlock", "--root", dir.resolve("runs").toString(), "--run-id", "nightly"};
    String[] all = java.util.Arrays.copyOf(args, args.length + extra.length);
    System.arraycopy(extra, 0, all, args.length, extra.length);
    return CliRun.of(all);
  }

  /** A lock as a run on this host writes it, naming the given process. */
  private Path writeLock(long pid, Instant start) throws Exception {
    Path lock = dir.resolve("runs/nightly/_lock");
    Files.createDirectories(lock.getParent());
    String now = Instant.now().toString();
    Files.writeString(lock, "{\"host\":\"" + InetAddress.getLocalHost().getHostName() + "\",\"pid\":" + pid
        + ",\"process_start\":\"" + start + "\",\"acquired\":\"" + now + "\",\"heartbeat\":\"" + now
        + "\",\"token\":\"t-1\"}");
    return lock;
  }
}
