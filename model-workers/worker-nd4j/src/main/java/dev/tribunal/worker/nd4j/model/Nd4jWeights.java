package dev.tribunal.worker.nd4j.model;

import dev.tribunal.worker.djl.checkpoint.HostTensor;
import dev.tribunal.worker.djl.checkpoint.LlamaConfig;
import dev.tribunal.worker.djl.checkpoint.ShardedSafetensors;
import dev.tribunal.worker.djl.model.LlamaWeights;
import dev.tribunal.worker.nd4j.Nd4jBackend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A Llama-family model's parameters as FP32 INDArrays, laid out as the DJL runtime lays them out
 * (q/k/v fused into one [(heads + 2 kv heads)·head_dim, hidden] matrix, gate/up into one
 * [2·intermediate, hidden] matrix, so each is one GEMM). The same structure holds a model's
 * gradients ({@link #zerosLike}). Hugging Face names appear only at the checkpoint boundary.
 */
public final class Nd4jWeights {

  /** One decoder layer; biases are null when the architecture has none. */
  public record Layer(INDArray inputNorm, INDArray qkv, INDArray qkvBias, INDArray o, INDArray oBias,
      INDArray postNorm, INDArray gateUp, INDArray down) {

    List<INDArray> parameters() {
      List<INDArray> out = new ArrayList<>();
      for (INDArray a : new INDArray[] {inputNorm, qkv, qkvBias, o, oBias, postNorm, gateUp, down}) {
        if (a != null) out.add(a);
      }
      return out;
    }
  }

  private final LlamaConfig config;
  private final INDArray embed;
  private final List<Layer> layers;
  private final INDArray norm;
  private final INDArray head; // lm_head, the embedding itself when tied, or a reward model's score [1, hidden]

  private Nd4jWeights(LlamaConfig config, INDArray embed, List<Layer> layers, INDArray norm, INDArray head) {
    this.config = config;
    this.embed = embed;
    this.layers = List.copyOf(layers);
    this.norm = norm;
    this.head = head;
  }

  /** Loads model.safetensors (or its shards) of the checkpoint in dir, in FP32. */
  public static Nd4jWeights load(Path dir, LlamaConfig config) {
    Nd4jBackend.require();
    return fromHf(config, ShardedSafetensors.readHost(dir), dir.toString());
  }

  /** Builds the parameters from Hugging Face-named host tensors, checking every name and shape. */
  public static Nd4jWeights fromHf(LlamaConfig config, Map<String, HostTensor> hf, String where) {
    Map<String, long[]> shapes = LlamaWeights.hfShapes(config);
    Map<String, INDArray> t = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> e : shapes.entrySet()) {
      HostTensor h = hf.get(e.getKey());
      if (h == null) throw new IllegalArgumentException(where + ": checkpoint has no tensor " + e.getKey());
      if (!Arrays.equals(h.shape(), e.getValue())) {
        throw new IllegalArgumentException(where + ": tensor " + e.getKey() + " has shape " + Arrays.toString(h.shape())
            + ", the config implies " + Arrays.toString(e.getValue()));
      }
      t.put(e.getKey(), Nd4j.create(h.data(), h.shape(), 'c'));
    }
    List<Layer> layers = new ArrayList<>();
    for (int i = 0; i < config.numHiddenLayers(); i++) {
      String p = "model.layers." + i + ".";
      layers.add(new Layer(t.get(p + "input_layernorm.weight"),
          Nd4j.vstack(t.get(p + "self_attn.q_proj.weight"), t.get(p + "self_attn.k_proj.weight"),
              t.get(p + "self_attn.v_proj.weight")),
          config.qkvBias() ? Nd4j.concat(0, t.get(p + "self_attn.q_proj.bias"), t.get(p + "self_attn.k_proj.bias"),
              t.get(p + "self_attn.v_proj.bias")) : null,
          t.get(p + "self_attn.o_proj.weight"), config.outputBias() ? t.get(p + "self_attn.o_proj.bias") : null,
          t.get(p + "post_attention_layernorm.weight"),
          Nd4j.vstack(t.get(p + "mlp.gate_proj.weight"), t.get(p + "mlp.up_proj.weight")),
          t.get(p + "mlp.down_proj.weight")));
    }
    INDArray embed = t.get("model.embed_tokens.weight");
    String headName = headName(shapes);
    return new Nd4jWeights(config, embed, layers, t.get("model.norm.weight"), headName == null ? embed : t.get(headName));
  }

  /** The tensor after the final norm in checkpoint order (lm_head or score), or null when tied. */
  private static String headName(Map<String, long[]> shapes) {
    String last = null;
    for (String name : shapes.keySet()) last = name;
    return "model.norm.weight".equals(last) ? null : last;
  }

  /** The same structure filled with zeros (a tied head stays tied): gradient accumulators. */
  public Nd4jWeights zerosLike() {
    List<Layer> z = new ArrayList<>();
    for (Layer l : layers) {
      z.add(new Layer(zeros(l.inputNorm()), zeros(l.qkv()), zeros(l.qkvBias()), zeros(l.o()), zeros(l.oBias()),
          zeros(l.postNorm()), zeros(l.gateUp()), zeros(l.down())));
    }
    INDArray e = zeros(embed);
    return new Nd4jWeights(config, e, z, zeros(norm), head == embed ? e : zeros(head));
  }

  private static INDArray zeros(INDArray a) {
    return a == null ? null : Nd4j.zeros(DataType.FLOAT, a.shape());
  }

  /** The parameters (or gradients) as host tensors under Hugging Face names, fused matrices split back. */
  public Map<String, HostTensor> toHf() {
    Map<String, HostTensor> out = new LinkedHashMap<>();
    Map<String, long[]> shapes = LlamaWeights.hfShapes(config);
    long q = (long) config.numAttentionHeads() * config.headDim();
    long kv = (long) config.numKeyValueHeads() * config.headDim();
    long inter = config.intermediateSize();
    out.put("model.embed_tokens.weight", host(embed));
    for (int i = 0; i < layers.size(); i++) {
      Layer l = layers.get(i);
      String p = "model.layers." + i + ".";
      out.put(p + "input_layernorm.weight", host(l.inputNorm()));
      putRows(out, l.qkv(), new long[] {q, kv, kv}, p + "self_attn.q_proj.weight", p + "self_attn.k_proj.weight",
          p + "self_attn.v_proj.weight");
      if (l.qkvBias() != null) {
        putRows(out, l.qkvBias(), new long[] {q, kv, kv}, p + "self_attn.q_proj.bias", p + "self_attn.k_proj.bias",
            p + "self_attn.v_proj.bias");
      }
      out.put(p + "self_attn.o_proj.weight", host(l.o()));
      if (l.oBias() != null) out.put(p + "self_attn.o_proj.bias", host(l.oBias()));
      out.put(p + "post_attention_layernorm.weight", host(l.postNorm()));
      putRows(out, l.gateUp(), new long[] {inter, inter}, p + "mlp.gate_proj.weight", p + "mlp.up_proj.weight");
      out.put(p + "mlp.down_proj.weight", host(l.down()));
    }
    out.put("model.norm.weight", host(norm));
    String headName = headName(shapes);
    if (headName != null) out.put(headName, host(head));
    return out;
  }

  /** Splits a fused tensor's rows (its first axis) into the named parts. */
  private static void putRows(Map<String, HostTensor> out, INDArray fused, long[] rows, String... names) {
    float[] all = fused.dup('c').data().asFloat();
    long rowSize = fused.rank() == 1 ? 1 : fused.size(1);
    int at = 0;
    for (int i = 0; i < names.length; i++) {
      int n = (int) (rows[i] * rowSize);
      long[] shape = fused.rank() == 1 ? new long[] {rows[i]} : new long[] {rows[i], rowSize};
      out.put(names[i], new HostTensor(shape, Arrays.copyOfRange(all, at, at + n)));
      at += n;
    }
  }

  private static HostTensor host(INDArray a) {
    return new HostTensor(a.shape().clone(), a.dup('c').data().asFloat());
  }

  /** Every distinct array, in a fixed order (an optimizer's parameter list; a tied head counts once). */
  public List<INDArray> parameters() {
    List<INDArray> out = new ArrayList<>();
    out.add(embed);
    layers.forEach(l -> out.addAll(l.parameters()));
    out.add(norm);
    if (head != embed) out.add(head);
    return out;
  }

  public LlamaConfig config() {
    return config;
  }

  INDArray embed() {
    return embed;
  }

  List<Layer> layers() {
    return layers;
  }

  INDArray norm() {
    return norm;
  }

  INDArray head() {
    return head;
  }
}
