package dev.tribunal.schemas;

/** Which role a preference pair trains: the actor (responses) or the judge (judgments). */
public enum PairKind implements Coded {
  ACTOR,
  JUDGE
}
