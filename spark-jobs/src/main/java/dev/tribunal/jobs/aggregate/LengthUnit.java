package dev.tribunal.jobs.aggregate;

/** What a length counts. The caller measures; pairs record the unit so reports can say which. */
public enum LengthUnit {
    TOKENS,
    CHARS
}
