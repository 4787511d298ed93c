package dev.tribunal.jobs.aggregate;

/** The meta-judge's parsed answer to one battle. */
public enum Verdict {
  /** The judgment shown first ("Judgement A") won. */
  FIRST,
  /** The judgment shown second ("Judgement B") won. */
  SECOND,
  /** No winner could be parsed: excluded from every count but the unparsed one. */
  UNPARSED
}
