package dev.tribunal.worker;

/**
 * Why decoding ended: a stop string or stop token (STOP), the token limit (LENGTH), or never began
 * because the prompt leaves no room under the model's context (CONTEXT_OVERFLOW).
 */
public enum FinishReason {
  STOP,
  LENGTH,
  CONTEXT_OVERFLOW;

  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
