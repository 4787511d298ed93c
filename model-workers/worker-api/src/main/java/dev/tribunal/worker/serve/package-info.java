/**
 * {@code tribunal serve}: any {@link dev.tribunal.worker.ModelWorker} behind an OpenAI-compatible
 * HTTP API, so that external tools, and our own HTTP client, can use the in-JVM runtime.
 *
 * <p>Beyond the OpenAI fields the server accepts vLLM's top_k and stop_token_ids, and one field of
 * its own: {@code candidates}, a list of next tokens whose log-probs join the first position's
 * top_logprobs. Tokens are named "token_id:N", since a worker reports token ids, not texts.
 */
package dev.tribunal.worker.serve;
