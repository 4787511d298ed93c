/**
 * The model worker backed by an OpenAI-compatible server (vLLM, SGLang, TGI, llama.cpp server,
 * or our own {@code tribunal serve}).
 *
 * <pre>{@code
 * HttpWorkerConfig judge = HttpWorkerConfig.of("judge", "http://gpu-7:8000", "llama-3-8b-instruct", Backend.VLLM)
 *     .withMaxConcurrency(16).withApiKey(ApiKeySource.env("VLLM_API_KEY"));
 * try (ModelWorker worker = HttpModelWorker.open(judge)) {
 *   worker.generate(requests);
 * }
 * }</pre>
 *
 * <p>Text prompts go to /v1/completions, chat prompts to /v1/chat/completions. A
 * {@link dev.tribunal.worker.http.Backend} profile says what the server can do; a call it cannot
 * serve fails before anything is sent, naming the endpoint, the backend and the missing capability.
 * Failures that survive the retries, or that retrying cannot fix (400, 401, 403, 404, an exhausted
 * quota), surface as {@link dev.tribunal.worker.http.BackendException}. The API key is read from
 * an environment variable or a file, sent only in the Authorization header, and scrubbed from
 * every message built from a server's reply.
 */
package dev.tribunal.worker.http;
