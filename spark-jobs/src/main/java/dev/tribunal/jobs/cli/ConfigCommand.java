package dev.tribunal.jobs.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tribunal.jobs.config.ConfigLoader;
import dev.tribunal.jobs.config.Secrets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "config", mixinStandardHelpOptions = true,
    description = "Validate the configuration and print the effective tree (defaults, file, --set), secrets masked.")
final class ConfigCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    ObjectNode tree = common.tree();
    ConfigLoader.bind(tree);
    System.out.print(Secrets.dump(tree));
    return ExitCodes.OK;
  }
}
