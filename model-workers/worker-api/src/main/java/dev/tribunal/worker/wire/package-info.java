/**
 * The OpenAI-compatible JSON as Jackson-bound records, shared by the HTTP client
 * ({@code dev.tribunal.worker.http}) and the server ({@code dev.tribunal.worker.serve}), so the
 * two sides cannot drift apart on a field name or shape.
 *
 * <p>Optional fields are null and left out of what is written; reply records ignore fields they
 * do not name, since servers add their own (vLLM's prompt_logprobs and stop_reason, usage
 * details). Log-probs are {@link java.lang.Number}s: a worker's float log-probs are written as
 * floats (the shortest text that reads back as the same float), a double as a double, and a
 * reader converts whichever came.
 */
package dev.tribunal.worker.wire;
