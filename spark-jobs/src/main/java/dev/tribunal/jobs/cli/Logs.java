package dev.tribunal.jobs.cli;

import dev.tribunal.jobs.run.RunDirectory;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;

/**
 * Our log lines at INFO, concise; Spark's and Hadoop's errors on the console, one line each; the
 * whole story, stack traces included, in a log file in the run directory. Must run before the
 * first logger is created. A log4j2 file given by the user (or by spark-submit's conf dir) wins.
 */
final class Logs {
  private static final String PROPERTY = "log4j2.configurationFile";
  static final String FILE_PROPERTY = "tribunal.log.file";
  private static boolean ours;

  private Logs() {}

  static void configure() {
    if (System.getProperty(PROPERTY) != null) return;
    var config = Logs.class.getResource("/dev/tribunal/jobs/log4j2-cli.properties");
    if (config == null) return;
    System.setProperty(PROPERTY, config.toString());
    ours = true;
  }

  /**
   * Sends the full log to {@code <run>/logs/<command>-<time>.log} from now on, where the run
   * directory is on a local or mounted file system (elsewhere the console is all there is).
   */
  static void toRunDirectory(RunDirectory run, String command) {
    if (!ours || !(run.fs() instanceof LocalFileSystem || run.fs() instanceof RawLocalFileSystem)) return;
    String name = command + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".log";
    Path file = Path.of(run.path().toUri().getPath(), "logs", name);
    System.setProperty(FILE_PROPERTY, file.toString());
    ((LoggerContext) LogManager.getContext(false)).reconfigure();
  }

  /** The log file of this command, once {@link #toRunDirectory} chose one. */
  static Optional<String> file() {
    return Optional.ofNullable(System.getProperty(FILE_PROPERTY));
  }
}
