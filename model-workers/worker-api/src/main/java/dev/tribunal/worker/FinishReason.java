package dev.tribunal.worker;

/** Why decoding ended: a stop string or stop token (STOP), or the token limit (LENGTH). */
public enum FinishReason {
  STOP,
  LENGTH;

  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
