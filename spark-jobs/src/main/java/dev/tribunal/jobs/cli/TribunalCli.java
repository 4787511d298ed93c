package dev.tribunal.jobs.cli;

import dev.tribunal.jobs.run.CodeVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The tribunal command. Run through ./tribunal locally or spark-submit on a cluster. */
@Command(name = "tribunal", mixinStandardHelpOptions = true, versionProvider = TribunalCli.Version.class,
    description = {
        "Tribunal: a language model that improves itself from its own feedback, on Apache Spark.",
        "Runs live under <root>/<run_id>/ (manifest.json, iter=<t>/<table>/ in Parquet).",
        "Exit codes: 0 ok, 1 failure, 2 usage or configuration error."},
    subcommands = {DemoCommand.class, ImportCommand.class, ImportPairsCommand.class, LabelCommand.class, RewardModelCommand.class, ExportPairsCommand.class, TablesCommand.class, BestOfNCommand.class, BondCommand.class, IterateCommand.class, NightlyCommand.class, SeedCommand.class, StatusCommand.class, ReportCommand.class,
        UnlockCommand.class, ConfigCommand.class, ServeCommand.class,
        CommandLine.HelpCommand.class})
public final class TribunalCli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  public static int run(String... args) {
    Logs.configure();
    return new CommandLine(new TribunalCli())
        .setExecutionExceptionHandler(new ExitCodes())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .execute(args);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"tribunal " + CodeVersion.get()};
    }
  }
}
