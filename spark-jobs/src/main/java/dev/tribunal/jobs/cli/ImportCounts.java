package dev.tribunal.jobs.cli;

import dev.tribunal.jobs.run.StageRecord;
import picocli.CommandLine.Option;

/**
 * What the import commands share: --strict, and the accounting they print, so that a prompt import
 * and a corpus import read alike (input = accepted + rejected, then where each went).
 */
final class ImportCounts {
  private ImportCounts() {}

  /** --strict, a mixin of every import command. */
  static final class Strict {
    @Option(names = "--strict", description = "Fail on the first bad record, naming its file:line; commit nothing.")
    boolean strict;
  }

  /** The counts of an import and its tables; {@code label} names the accepted rows' table, padded. */
  static void print(RunSession s, StageRecord r, String label) {
    long rejected = r.rejectedRows() == null ? 0 : r.rejectedRows();
    System.out.printf("input %d records = accepted %d + rejected %d%n", r.rows() + rejected, r.rows(), rejected);
    System.out.println(label + s.run.table(r.output()));
    if (rejected > 0) System.out.println("rejected: " + s.run.table(r.rejectedTable()));
  }
}
