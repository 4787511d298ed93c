package dev.tribunal.jobs.cli;

import dev.tribunal.jobs.io.InputFiles;
import dev.tribunal.jobs.io.PairImportStage;
import dev.tribunal.jobs.io.WorldPairsStage;
import dev.tribunal.jobs.run.StageRecord;
import dev.tribunal.schemas.Coded;
import dev.tribunal.schemas.CorpusPairRow;
import dev.tribunal.schemas.PairFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** A command of its own, not an import flag: pairs have their own formats and table. */
@Command(name = "import-pairs", mixinStandardHelpOptions = true,
    description = {
        "Import a preference corpus into a run's pairs table (iter=0/" + CorpusPairRow.TABLE + "): per pair the"
            + " conversation (messages), response_a, response_b and a label, the probability that a was preferred.",
        "Formats, JSON Lines or one JSON array per file, or Parquet files (*.parquet) with the same columns:",
        "  hh           {\"chosen\", \"rejected\"}: HH-RLHF transcripts (\\n\\nHuman: ... \\n\\nAssistant: ...) that"
            + " share all but the last reply; the shared turns are the conversation, a = chosen, label 1.",
        "  trl          {\"prompt\", \"chosen\", \"rejected\"}: text, or message lists ([{\"role\", \"content\"}]);"
            + " without a prompt, message lists that share all but the last reply; a = chosen, label 1.",
        "  alpaca-eval  {\"instruction\", \"output_1\", \"output_2\", \"preference\"}: preference 1 is label 1,"
            + " 2 is label 0, p in [1, 2] is 2 - p; no preference, no label.",
        "An optional \"id\" names a pair; otherwise its id comes from file and line. Bad records (invalid JSON,"
            + " missing fields, both responses empty, a part over input.max_prompt_chars, a repeated id) go to"
            + " iter=0/rejected_import_pairs with reason and file:line; input = accepted + rejected. An input of"
            + " which nothing is accepted fails (exit 1)."})
final class ImportPairsCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Parameters(arity = "0..*", paramLabel = "PATH", description = "Input files, directories or globs (any Hadoop URI).")
  List<String> paths = List.of();

  @Option(names = "--world", paramLabel = "N", description = "Instead of files: N pairs from the task world (the"
      + " world section), two concise answers of different gold grade each, labeled by gold (format world).")
  Integer world;

  @Option(names = "--format", defaultValue = "auto", paramLabel = "FORMAT",
      description = "auto (each record's fields say), hh, trl or alpaca-eval. Default: ${DEFAULT-VALUE}.")
  String format;

  @Mixin ImportCounts.Strict strict;

  @Override
  public Integer call() {
    if (paths.isEmpty() == (world == null)) {
      throw new dev.tribunal.jobs.config.ConfigException("import-pairs takes input files or --world N, one of the two");
    }
    if (world != null && world < 1) throw new dev.tribunal.jobs.config.ConfigException("--world: needs at least 1 pair");
    try (RunSession s = RunSession.open(common, "import-pairs", System.err)) {
      if (world != null) return report(s, s.runner.execute(new WorldPairsStage(s.config.world(), world), 0));
      var conf = s.spark.sparkContext().hadoopConfiguration();
      // Qualified, so the same files named from another directory are the same input.
      List<String> qualified = InputFiles.qualify(paths, conf);
      Map<String, String> files = InputFiles.describe(qualified, conf);
      // Parquet when every file says so, as the prompt import decides.
      boolean parquet = InputFiles.detect(files) == dev.tribunal.jobs.io.ImportStage.Format.PARQUET;
      return report(s, s.runner.execute(new PairImportStage(qualified, format(), s.config.input().maxPromptChars(),
          files, strict.strict || s.config.input().strict(), parquet), 0));
    }
  }

  private static int report(RunSession s, StageRecord r) {
    ImportCounts.print(s, r, "pairs:    ");
    return ExitCodes.OK;
  }

  private PairFormat format() {
    if (format.equals("auto")) return null;
    if (format.equals(PairFormat.WORLD.code())) {
      throw new dev.tribunal.jobs.config.ConfigException("--format world: world pairs are drawn with --world N, not read");
    }
    try {
      return Coded.parse(PairFormat.class, format, "--format");
    } catch (IllegalArgumentException e) {
      throw new dev.tribunal.jobs.config.ConfigException(e.getMessage());
    }
  }
}
