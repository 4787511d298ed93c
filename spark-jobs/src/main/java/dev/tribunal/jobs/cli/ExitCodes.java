package dev.tribunal.jobs.cli;

import dev.tribunal.jobs.config.ConfigException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * 0 ok, 2 usage error (bad arguments or configuration), 1 failure. Failures print one line that
 * names what went wrong; --verbose adds the stack trace.
 */
final class ExitCodes implements IExecutionExceptionHandler {
  static final int OK = 0;
  static final int FAILURE = 1;
  static final int USAGE = 2;
  /** The logger whose lines go to the run's log file only (log4j2-cli.properties). */
  static final String FAILURES = "tribunal.failure";

  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
    PrintWriter err = cmd.getErr();
    boolean verbose = parsed.hasMatchedOption("--verbose")
        || parsed.subcommands().stream().anyMatch(s -> s.hasMatchedOption("--verbose"));
    String details = verbose ? "" : Logs.file().map(f -> " (full trace: " + f + ")").orElse(" (--verbose shows the trace)");
    err.println("tribunal: " + (e instanceof ConfigException ? "configuration error: " : "error: ") + message(e)
        + (e instanceof ConfigException ? "" : details));
    if (verbose) e.printStackTrace(err);
    // The trace goes to the run's log file too, where there is one.
    if (!(e instanceof ConfigException)) org.slf4j.LoggerFactory.getLogger(FAILURES).error("the command failed", e);
    err.flush();
    return e instanceof ConfigException ? USAGE : FAILURE;
  }

  private static String message(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
  }
}
