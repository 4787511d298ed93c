package dev.tribunal.schemas;

/** Why an input row went to the rejected table instead of its stage's output. */
public enum RejectReason implements Coded {
  /** The line is not valid JSON. */
  INVALID_JSON,
  /** The bytes are not valid UTF-8. */
  INVALID_UTF8,
  /** Neither text nor messages is given. */
  MISSING_PROMPT,
  /** The prompt is empty or blank. */
  EMPTY_PROMPT,
  /** A required field other than the prompt is absent. */
  MISSING_FIELD,
  /** A field has the wrong type or an invalid value (both text and messages, a bad role). */
  INVALID_FIELD,
  /** Longer than the configured limit. */
  TOO_LONG,
  /** An id already seen earlier in the same input. */
  DUPLICATE_ID,
  /** One of a pair's responses is empty or blank. */
  EMPTY_RESPONSE
}
