package dev.tribunal.jobs.cli;

import dev.tribunal.jobs.config.TribunalConfig;
import dev.tribunal.jobs.run.RunDirectory;
import dev.tribunal.jobs.run.RunLock;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Clears a run's lock by hand: for what a new run cannot judge by itself, such as a lock from
 * another host whose heartbeat is still recent. A holder proven alive on this host is left alone
 * unless --force.
 */
@Command(name = "unlock", mixinStandardHelpOptions = true,
    description = {"Remove a run's lock (<root>/<run_id>/_lock) after printing who held it.",
        "Refused while the holder is a running process on this host, unless --force."})
final class UnlockCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--force", description = "Remove the lock even though its holder is running on this host.")
  boolean force;

  @Override
  public Integer call() {
    TribunalConfig config = common.load();
    RunDirectory run = new RunDirectory(config.run().root(), config.run().id(), new Configuration());
    Optional<RunLock.Status> lock = RunLock.inspect(run, config.run().lockStaleAfter());
    if (lock.isEmpty()) {
      System.out.println("run " + run.uri() + " is not locked");
      return ExitCodes.OK;
    }
    RunLock.Status s = lock.get();
    System.out.println("run " + run.uri() + " is locked by " + s.holderText());
    System.out.println("  " + s.reason());
    if (s.state() == RunLock.State.ALIVE && !force) {
      throw new IllegalStateException("the holder of run " + run.uri() + " is running on this host; stop it,"
          + " or use --force if it no longer works on this run");
    }
    if (!RunLock.remove(run, s)) {
      throw new IllegalStateException("the lock of run " + run.uri() + " changed while it was being removed; run unlock again");
    }
    System.out.println("lock removed");
    return ExitCodes.OK;
  }
}
