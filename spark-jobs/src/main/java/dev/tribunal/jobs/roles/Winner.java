package dev.tribunal.jobs.roles;

/** The judgement a meta-judge preferred, by the position it was shown in. */
public enum Winner {
  A, B;

  /** The same judgement seen from the swapped order: undoes the swap of a pairwise role. */
  public Winner flip() {
    return this == A ? B : A;
  }

  /** The line a meta-judge ends with, e.g. "Winner: Judgement A". */
  public String line() {
    return "Winner: Judgement " + name();
  }
}
