package dev.tribunal.worker.djl;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import dev.tribunal.worker.djl.checkpoint.LlamaConfig;
import dev.tribunal.worker.djl.model.LlamaModel;
import dev.tribunal.worker.djl.model.LlamaWeights;
import dev.tribunal.worker.djl.tokenizer.ModelTokenizer;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A checkpoint in memory: weights on a device, the forward, the tokenizer. Shared read-only by the
 * workers of one JVM (see {@link ModelCache}); each worker keeps its own scratch state.
 */
public final class LoadedModel implements AutoCloseable {

  private final String version;
  private final LlamaModel model;
  private final ModelTokenizer tokenizer;
  private final Set<Integer> eosIds;

  public LoadedModel(String version, LlamaModel model, ModelTokenizer tokenizer) {
    this.version = version;
    this.model = model;
    this.tokenizer = tokenizer;
    Set<Integer> eos = new LinkedHashSet<>(tokenizer.eosIds());
    eos.addAll(model.config().eosTokenIds());
    this.eosIds = Set.copyOf(eos);
  }

  /** Loads a Hugging Face-layout checkpoint directory: fp32 on CPU, fp16 on a GPU. */
  public static LoadedModel load(String version, Path dir, Device device) {
    LlamaConfig config = LlamaConfig.read(dir);
    ModelTokenizer tokenizer = ModelTokenizer.load(dir);
    try {
      DataType dtype = device.isGpu() ? DataType.FLOAT16 : DataType.FLOAT32;
      return new LoadedModel(version, new LlamaModel(LlamaWeights.load(dir, config, device, dtype)), tokenizer);
    } catch (RuntimeException e) {
      tokenizer.close();
      throw e;
    }
  }

  public String version() {
    return version;
  }

  public LlamaModel model() {
    return model;
  }

  public ModelTokenizer tokenizer() {
    return tokenizer;
  }

  /** Token ids that end a sequence: the tokenizer's EOS, generation_config's and config.json's. */
  public Set<Integer> eosIds() {
    return eosIds;
  }

  @Override
  public void close() {
    model.weights().close();
    tokenizer.close();
  }
}
