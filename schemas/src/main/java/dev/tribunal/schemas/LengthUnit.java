package dev.tribunal.schemas;

/** The unit of the lengths recorded with a preference pair (length control measures either). */
public enum LengthUnit implements Coded {
  TOKENS,
  CHARS
}
