package dev.tribunal.jobs.cli;

import dev.tribunal.jobs.io.ImportStage;
import dev.tribunal.jobs.io.InputFiles;
import dev.tribunal.jobs.io.PromptLineParser;
import dev.tribunal.jobs.run.StageRecord;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "import", mixinStandardHelpOptions = true,
    description = {
        "Import prompts into a run's prompts table (iter=0/prompts).",
        "Input: JSON Lines, one object per line with \"prompt\" (text) or \"messages\""
            + " ([{\"role\", \"content\"}]), optional \"id\" and \"metadata\"; or Parquet with the same columns.",
        "Bad records (invalid JSON or UTF-8, missing or empty prompt, too long, duplicate id) go to"
            + " iter=0/rejected_import with their reason and file:line; input = accepted + rejected.",
        "An input of which no record is accepted fails (exit 1), naming the most common reason and,"
            + " for shapes it knows (preference pairs, AlpacaEval annotations), what to do instead."})
final class ImportCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Input files, directories or globs (any Hadoop URI).")
  List<String> paths;

  @Option(names = "--format", defaultValue = "auto", paramLabel = "FORMAT",
      description = "auto (Parquet if every file ends in .parquet), jsonl or parquet. Default: ${DEFAULT-VALUE}.")
  String format;

  @Option(names = "--prompt-field", defaultValue = PromptLineParser.PROMPT_FIELD, paramLabel = "FIELD",
      description = "The field holding a text prompt, e.g. instruction for AlpacaEval. Default: ${DEFAULT-VALUE}.")
  String promptField;

  @Mixin ImportCounts.Strict strict;

  @Override
  public Integer call() {
    try (RunSession s = RunSession.open(common, "import", System.err)) {
      importPrompts(s, paths, format, promptField, strict.strict);
      return ExitCodes.OK;
    }
  }

  /** Imports the files into the session's run (iter=0/prompts) and prints the counts and tables. */
  static StageRecord importPrompts(RunSession s, List<String> paths, String format, String promptField, boolean strict) {
    // Qualified, so the same files named from another directory are the same input.
    List<String> qualified = InputFiles.qualify(paths, s.spark.sparkContext().hadoopConfiguration());
    Map<String, String> files = InputFiles.describe(qualified, s.spark.sparkContext().hadoopConfiguration());
    ImportStage.Format f = format.equals("auto") ? InputFiles.detect(files)
        : dev.tribunal.jobs.config.Check.oneOf("--format", format, ImportStage.Format.class);
    boolean isStrict = strict || s.config.input().strict();
    StageRecord r = s.runner.execute(
        new ImportStage(qualified, f, s.config.input().maxPromptChars(), promptField, isStrict, files), 0);
    ImportCounts.print(s, r, "prompts:  ");
    return r;
  }
}
