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

  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
    PrintWriter err = cmd.getErr();
    boolean verbose = parsed.hasMatchedOption("--verbose")
        || parsed.subcommands().stream().anyMatch(s -> s.hasMatchedOption("--verbose"));
    err.println("tribunal: " + (e instanceof ConfigException ? "configuration error: " : "error: ") + message(e));
    if (verbose) e.printStackTrace(err);
    err.flush();
    return e instanceof ConfigException ? USAGE : FAILURE;
  }

  private static String message(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
  }
}
