package dev.tribunal.schemas;

/** The judgment a meta-judge preferred, by the position it was shown in. */
public enum Winner implements Coded {
  /** The judgment shown first ("Judgement A"). */
  A,
  /** The judgment shown second ("Judgement B"). */
  B;

  /** The same judgment seen from the swapped order: undoes the swap of a pairwise role. */
  public Winner flip() {
    return this == A ? B : A;
  }

  /** The line a meta-judge ends with, e.g. "Winner: Judgement A". */
  public String line() {
    return "Winner: Judgement " + name();
  }

  /** Stored as the letter the meta-judge wrote. */
  @Override
  public String code() {
    return name();
  }
}
