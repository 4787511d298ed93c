package dev.tribunal.schemas;

/** The judgment a meta-judge preferred, by the position it was shown in. */
public enum Winner implements Coded {
  /** The judgment shown first ("Judgement A"). */
  A,
  /** The judgment shown second ("Judgement B"). */
  B;

  /** Stored as the letter the meta-judge wrote. */
  @Override
  public String code() {
    return name();
  }
}
