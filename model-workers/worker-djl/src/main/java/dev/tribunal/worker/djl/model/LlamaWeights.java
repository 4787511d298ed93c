package dev.tribunal.worker.djl.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.tribunal.worker.djl.checkpoint.HostTensor;
import dev.tribunal.worker.djl.checkpoint.LlamaConfig;
import dev.tribunal.worker.djl.checkpoint.ShardedSafetensors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

/**
 * The parameters of a Llama-family model: plain NDArrays owned by one manager, so a trainer can
 * attach gradients to them and update them in place. Hugging Face tensor names are used only at
 * the checkpoint boundary ({@link #fromHf}, {@link #toHf}).
 */
public final class LlamaWeights implements AutoCloseable {

  /** A reward model's head, as transformers' *ForSequenceClassification names it. */
  public static final String SCORE = "score.weight";

  private final LlamaConfig config;
  private final NDManager manager;
  private final NDArray embed;
  private final List<LayerWeights> layers;
  private final NDArray norm;
  private final NDArray head; // lm_head, the embedding itself when tied, or a reward model's score [1, hidden]

  private LlamaWeights(LlamaConfig config, NDManager manager, NDArray embed, List<LayerWeights> layers,
      NDArray norm, NDArray head) {
    this.config = config;
    this.manager = manager;
    this.embed = embed;
    this.layers = List.copyOf(layers);
    this.norm = norm;
    this.head = head;
    parameters().forEach(NDScope::unregister); // weights outlive any scope they were built in
  }

  /** Loads model.safetensors (or its shards) from a checkpoint directory. */
  public static LlamaWeights load(Path dir, LlamaConfig config, Device device, DataType dtype) {
    NDManager manager = NDManager.newBaseManager(device);
    try {
      return fromHf(config, ShardedSafetensors.read(dir, manager, dtype), manager);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /** Builds the parameters from Hugging Face-named tensors owned by {@code manager}, which this takes over. */
  public static LlamaWeights fromHf(LlamaConfig config, Map<String, NDArray> hf, NDManager manager) {
    Map<String, NDArray> left = new LinkedHashMap<>(hf);
    long h = config.hiddenSize();
    long qDim = (long) config.numAttentionHeads() * config.headDim();
    long kvDim = (long) config.numKeyValueHeads() * config.headDim();
    long inter = config.intermediateSize();
    NDArray embed = take(left, "model.embed_tokens.weight", config.vocabSize(), h);
    List<LayerWeights> layers = new ArrayList<>();
    for (int i = 0; i < config.numHiddenLayers(); i++) {
      String p = "model.layers." + i + ".";
      NDArray qkv = fuse(take(left, p + "self_attn.q_proj.weight", qDim, h),
          take(left, p + "self_attn.k_proj.weight", kvDim, h), take(left, p + "self_attn.v_proj.weight", kvDim, h));
      NDArray qkvBias = config.qkvBias() ? fuse(take(left, p + "self_attn.q_proj.bias", qDim),
          take(left, p + "self_attn.k_proj.bias", kvDim), take(left, p + "self_attn.v_proj.bias", kvDim)) : null;
      layers.add(new LayerWeights(take(left, p + "input_layernorm.weight", h), qkv, qkvBias,
          take(left, p + "self_attn.o_proj.weight", h, qDim),
          config.outputBias() ? take(left, p + "self_attn.o_proj.bias", h) : null,
          take(left, p + "post_attention_layernorm.weight", h),
          fuse(take(left, p + "mlp.gate_proj.weight", inter, h), take(left, p + "mlp.up_proj.weight", inter, h)),
          take(left, p + "mlp.down_proj.weight", h, inter)));
    }
    NDArray norm = take(left, "model.norm.weight", h);
    NDArray head = headName(config) == null ? embed : take(left, headName(config), headRows(config), h);
    // unused extras: rotary inv_freq buffers, a tied lm_head copy, a causal lm_head under a reward head
    left.values().forEach(NDArray::close);
    return new LlamaWeights(config, manager, embed, layers, norm, head);
  }

  /**
   * A reward model on the body of the checkpoint in dir: a reward checkpoint as it is; a causal
   * one with its lm_head dropped and a score head drawn normal(0, std) from the seed, small so the
   * first rewards are near 0 (Hugging Face draws it from initializer_range the same way).
   */
  public static LlamaWeights rewardModel(Path dir, LlamaConfig config, int padTokenId, Device device, DataType dtype,
      long seed, double std) {
    if (config.isReward()) return load(dir, config, device, dtype);
    LlamaConfig reward = config.asReward(padTokenId);
    NDManager manager = NDManager.newBaseManager(device);
    try {
      Map<String, NDArray> hf = new LinkedHashMap<>(ShardedSafetensors.read(dir, manager, dtype));
      HostTensor score = initialScore(config, seed, std);
      int[] at = {0};
      hf.put(SCORE, filled(manager, score.shape(), dtype, () -> score.data()[at[0]++]));
      return fromHf(reward, hf, manager);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /**
   * A new score head [1, hidden] drawn normal(0, std) from the seed alone, in fp32: every engine
   * starts a reward model from the same head.
   */
  public static HostTensor initialScore(LlamaConfig config, long seed, double std) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] values = new float[config.hiddenSize()];
    for (int i = 0; i < values.length; i++) values[i] = (float) (rng.nextGaussian() * std);
    return new HostTensor(new long[] {1, config.hiddenSize()}, values);
  }

  /**
   * Random weights, normal(0, std) for matrices and ones for the norms, reproducible from the
   * seed alone (drawn in Java, not from the engine's global generator).
   */
  public static LlamaWeights random(LlamaConfig config, Device device, DataType dtype, long seed, double std) {
    NDManager manager = NDManager.newBaseManager(device);
    SplittableRandom rng = new SplittableRandom(seed);
    Map<String, NDArray> hf = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> e : hfShapes(config).entrySet()) {
      boolean isNorm = e.getKey().endsWith("norm.weight");
      hf.put(e.getKey(), filled(manager, e.getValue(), dtype, () -> isNorm ? 1 : rng.nextGaussian() * std));
    }
    return fromHf(config, hf, manager);
  }

  /** An array of the shape with values drawn in order from the supplier, in fp32 then cast. */
  private static NDArray filled(NDManager manager, long[] shape, DataType dtype, DoubleSupplier value) {
    float[] values = new float[Math.toIntExact(new Shape(shape).size())];
    for (int i = 0; i < values.length; i++) values[i] = (float) value.getAsDouble();
    NDArray fp32 = manager.create(values, new Shape(shape));
    NDArray cast = fp32.toType(dtype, false);
    if (cast != fp32) fp32.close();
    return cast;
  }

  /** Hugging Face tensor names and shapes of a config, in checkpoint order. */
  public static Map<String, long[]> hfShapes(LlamaConfig c) {
    long h = c.hiddenSize();
    long q = (long) c.numAttentionHeads() * c.headDim();
    long kv = (long) c.numKeyValueHeads() * c.headDim();
    long inter = c.intermediateSize();
    Map<String, long[]> s = new LinkedHashMap<>();
    s.put("model.embed_tokens.weight", new long[] {c.vocabSize(), h});
    for (int i = 0; i < c.numHiddenLayers(); i++) {
      String p = "model.layers." + i + ".";
      s.put(p + "input_layernorm.weight", new long[] {h});
      s.put(p + "self_attn.q_proj.weight", new long[] {q, h});
      s.put(p + "self_attn.k_proj.weight", new long[] {kv, h});
      s.put(p + "self_attn.v_proj.weight", new long[] {kv, h});
      if (c.qkvBias()) {
        s.put(p + "self_attn.q_proj.bias", new long[] {q});
        s.put(p + "self_attn.k_proj.bias", new long[] {kv});
        s.put(p + "self_attn.v_proj.bias", new long[] {kv});
      }
      s.put(p + "self_attn.o_proj.weight", new long[] {h, q});
      if (c.outputBias()) s.put(p + "self_attn.o_proj.bias", new long[] {h});
      s.put(p + "post_attention_layernorm.weight", new long[] {h});
      s.put(p + "mlp.gate_proj.weight", new long[] {inter, h});
      s.put(p + "mlp.up_proj.weight", new long[] {inter, h});
      s.put(p + "mlp.down_proj.weight", new long[] {h, inter});
    }
    s.put("model.norm.weight", new long[] {h});
    if (headName(c) != null) s.put(headName(c), new long[] {headRows(c), h});
    return s;
  }

  /** The head's tensor name: score.weight for a reward model, lm_head.weight, or null when tied. */
  private static String headName(LlamaConfig c) {
    return c.isReward() ? SCORE : c.tieWordEmbeddings() ? null : "lm_head.weight";
  }

  /** The head's outputs: one reward, or a logit per vocabulary entry. */
  private static long headRows(LlamaConfig c) {
    return c.isReward() ? 1 : c.vocabSize();
  }

  /**
   * The parameters under Hugging Face names, in checkpoint order. Every value is a fresh view
   * (fused matrices are split back): close them, or call this inside an NDScope.
   */
  public Map<String, NDArray> toHf() {
    Map<String, NDArray> out = new LinkedHashMap<>();
    long q = (long) config.numAttentionHeads() * config.headDim();
    long kv = (long) config.numKeyValueHeads() * config.headDim();
    out.put("model.embed_tokens.weight", view(embed));
    for (int i = 0; i < layers.size(); i++) {
      LayerWeights l = layers.get(i);
      String p = "model.layers." + i + ".";
      out.put(p + "input_layernorm.weight", view(l.inputNorm()));
      NDList qkv = l.qkv().split(new long[] {q, q + kv}, 0);
      out.put(p + "self_attn.q_proj.weight", qkv.get(0));
      out.put(p + "self_attn.k_proj.weight", qkv.get(1));
      out.put(p + "self_attn.v_proj.weight", qkv.get(2));
      if (l.qkvBias() != null) {
        NDList b = l.qkvBias().split(new long[] {q, q + kv}, 0);
        out.put(p + "self_attn.q_proj.bias", b.get(0));
        out.put(p + "self_attn.k_proj.bias", b.get(1));
        out.put(p + "self_attn.v_proj.bias", b.get(2));
      }
      out.put(p + "self_attn.o_proj.weight", view(l.o()));
      if (l.oBias() != null) out.put(p + "self_attn.o_proj.bias", view(l.oBias()));
      out.put(p + "post_attention_layernorm.weight", view(l.postNorm()));
      NDList gateUp = l.gateUp().split(2, 0);
      out.put(p + "mlp.gate_proj.weight", gateUp.get(0));
      out.put(p + "mlp.up_proj.weight", gateUp.get(1));
      out.put(p + "mlp.down_proj.weight", view(l.down()));
    }
    out.put("model.norm.weight", view(norm));
    if (headName(config) != null) out.put(headName(config), view(head));
    return out;
  }

  /** Every distinct trainable array, in a fixed order (an optimizer's parameter list). */
  public NDList parameters() {
    NDList out = new NDList(embed);
    layers.forEach(l -> out.addAll(l.parameters()));
    out.add(norm);
    if (head != embed) out.add(head);
    return out;
  }

  /** Makes every parameter record gradients under a GradientCollector. */
  public void attachGradients() {
    parameters().forEach(p -> p.setRequiresGradient(true));
  }

  public LlamaConfig config() {
    return config;
  }

  public DataType dataType() {
    return embed.getDataType();
  }

  public Device device() {
    return embed.getDevice();
  }

  NDArray embed() {
    return embed;
  }

  List<LayerWeights> layers() {
    return layers;
  }

  NDArray norm() {
    return norm;
  }

  /** The output projection: lm_head [V, hidden], or a reward model's score [1, hidden]. */
  NDArray head() {
    return head;
  }

  @Override
  public void close() {
    manager.close();
  }

  private static NDArray take(Map<String, NDArray> tensors, String name, long... shape) {
    NDArray a = tensors.remove(name);
    if (a == null) throw new IllegalArgumentException("checkpoint has no tensor " + name);
    if (!a.getShape().equals(new Shape(shape))) {
      throw new IllegalArgumentException("tensor " + name + " has shape " + a.getShape()
          + ", the config implies " + new Shape(shape));
    }
    return a;
  }

  private static NDArray fuse(NDArray... parts) {
    NDArray fused = NDArrays.concat(new NDList(parts), 0);
    for (NDArray p : parts) p.close();
    return fused;
  }

  private static NDArray view(NDArray a) {
    return a.reshape(a.getShape());
  }
}
