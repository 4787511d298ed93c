/**
 * The in-JVM Llama-family runtime on DJL (PyTorch engine): Hugging Face-layout checkpoints in and
 * out, batched generation with a KV cache, and log-prob scoring.
 *
 * <p>Serving a checkpoint (one worker per task, the model cached per JVM and version):
 * <pre>{@code
 * String device = DevicePlacement.forTask(taskGpus, executorGpus);   // "cpu" or "gpu:N", logged; refuses a lost GPU
 * try (ModelWorker worker = DjlModelWorker.open(version, dir, device, RuntimeOptions.DEFAULT)) {
 *   worker.generate(requests);
 * }
 * ModelCache.shared().invalidate(oldVersion);                        // when a version is retired
 * }</pre>
 *
 * <p>Training against the same forward: load or create {@code LlamaWeights}, call
 * {@code attachGradients()}, build one {@code LlamaModel} over them (outside any NDScope), then
 * per step, inside an NDScope and a GradientCollector, compute
 * {@code model.tokenLogprobs(batch.ids(), batch.mask())} on a right-padded {@code PaddedBatch}
 * ([B, T-1]: entry t is log p(token t+1 | tokens 0..t)), mask it to the response tokens, form the
 * loss and call backward; update {@code weights.parameters()} in place and zero their gradients
 * (PyTorch's collector does not). Write the result with {@code CheckpointWriter.write(dir,
 * weights, CheckpointWriter.tokenizerFrom(parentDir), lineage)}.
 */
package dev.tribunal.worker.djl;
