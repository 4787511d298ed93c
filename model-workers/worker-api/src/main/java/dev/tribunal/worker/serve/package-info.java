/**
 * {@code tribunal serve}: any {@link dev.tribunal.worker.ModelWorker} behind an OpenAI-compatible
 * HTTP API, so that external tools, and our own HTTP client, can use the in-JVM runtime.
 *
 * <p>Beyond the OpenAI fields (streaming, log-probs with the true top-k, echo, usage) the server
 * accepts vLLM's top_k, stop_token_ids and return_tokens_as_token_ids, and one field of its own:
 * {@code candidates}, a list of next tokens whose log-probs join the first position's
 * top_logprobs. Tokens are named by their text, or "token_id:N" when the client asks for ids.
 * Beyond loopback a bearer API key is required (see {@link dev.tribunal.worker.serve.ServeOptions}).
 */
package dev.tribunal.worker.serve;
