package dev.tribunal.worker.djl;

import dev.tribunal.worker.djl.checkpoint.LlamaConfig;
import ai.djl.ndarray.NDScope;
import dev.tribunal.worker.djl.model.LlamaWeights;
import java.util.HashMap;
import java.util.Map;

/**
 * A deliberately naive Llama forward in double precision, written line by line after
 * transformers' modeling_llama (rotate_half, repeat_kv, RMSNorm, SwiGLU) over Hugging Face
 * tensor names, for one unpadded sequence. The runtime must agree with it.
 */
public final class ReferenceLlama {

  private final LlamaConfig c;
  private final Map<String, float[]> w;

  ReferenceLlama(LlamaConfig c, Map<String, float[]> w) {
    this.c = c;
    this.w = w;
  }

  /** The reference's logits for the given weights (read through their Hugging Face names). */
  public static double[][] logits(LlamaConfig config, LlamaWeights weights, int[] ids) {
    Map<String, float[]> w = new HashMap<>();
    try (NDScope scope = new NDScope()) {
      weights.toHf().forEach((name, a) -> w.put(name, a.toFloatArray()));
    }
    return new ReferenceLlama(config, w).logits(ids);
  }

  /** Logits [T][V] for token ids at positions 0..T-1. */
  double[][] logits(int[] ids) {
    int h = c.hiddenSize();
    double[][] x = new double[ids.length][h];
    for (int t = 0; t < ids.length; t++) {
      for (int i = 0; i < h; i++) x[t][i] = w.get("model.embed_tokens.weight")[ids[t] * h + i];
    }
    for (int l = 0; l < c.numHiddenLayers(); l++) {
      String p = "model.layers." + l + ".";
      double[][] a = attention(p, rmsNorm(x, w.get(p + "input_layernorm.weight")));
      add(x, a);
      double[][] n = rmsNorm(x, w.get(p + "post_attention_layernorm.weight"));
      double[][] gate = linear(n, p + "mlp.gate_proj", c.intermediateSize());
      double[][] up = linear(n, p + "mlp.up_proj", c.intermediateSize());
      for (int t = 0; t < gate.length; t++) {
        for (int i = 0; i < gate[t].length; i++) gate[t][i] = gate[t][i] / (1 + Math.exp(-gate[t][i])) * up[t][i];
      }
      add(x, linear(gate, p + "mlp.down_proj", h));
    }
    double[][] n = rmsNorm(x, w.get("model.norm.weight"));
    return linear(n, c.tieWordEmbeddings() ? "model.embed_tokens" : "lm_head", c.vocabSize());
  }

  private double[][] attention(String p, double[][] x) {
    int d = c.headDim();
    int heads = c.numAttentionHeads();
    double[][] q = rope(linear(x, p + "self_attn.q_proj", heads * d), heads);
    double[][] k = rope(linear(x, p + "self_attn.k_proj", c.numKeyValueHeads() * d), c.numKeyValueHeads());
    double[][] v = linear(x, p + "self_attn.v_proj", c.numKeyValueHeads() * d);
    int n = x.length;
    double[][] ctx = new double[n][heads * d];
    for (int hd = 0; hd < heads; hd++) {
      int kvh = hd / c.kvGroups(); // repeat_kv: kv head j serves query heads j*g .. j*g+g-1
      for (int t = 0; t < n; t++) {
        double[] s = new double[t + 1];
        double max = Double.NEGATIVE_INFINITY;
        for (int u = 0; u <= t; u++) {
          for (int i = 0; i < d; i++) s[u] += q[t][hd * d + i] * k[u][kvh * d + i];
          s[u] /= Math.sqrt(d);
          max = Math.max(max, s[u]);
        }
        double z = 0;
        for (int u = 0; u <= t; u++) z += s[u] = Math.exp(s[u] - max);
        for (int u = 0; u <= t; u++) {
          for (int i = 0; i < d; i++) ctx[t][hd * d + i] += s[u] / z * v[u][kvh * d + i];
        }
      }
    }
    return linear(ctx, p + "self_attn.o_proj", c.hiddenSize());
  }

  /** q * cos + rotate_half(q) * sin, rotate_half(x) = cat(-x2, x1), cos/sin of position * theta^(-2i/d). */
  private double[][] rope(double[][] x, int heads) {
    int d = c.headDim();
    double[][] out = new double[x.length][x[0].length];
    for (int t = 0; t < x.length; t++) {
      for (int hd = 0; hd < heads; hd++) {
        for (int i = 0; i < d / 2; i++) {
          double angle = t / Math.pow(c.ropeTheta(), 2.0 * i / d);
          double x1 = x[t][hd * d + i];
          double x2 = x[t][hd * d + i + d / 2];
          out[t][hd * d + i] = x1 * Math.cos(angle) - x2 * Math.sin(angle);
          out[t][hd * d + i + d / 2] = x2 * Math.cos(angle) + x1 * Math.sin(angle);
        }
      }
    }
    return out;
  }

  private double[][] rmsNorm(double[][] x, float[] weight) {
    double[][] out = new double[x.length][x[0].length];
    for (int t = 0; t < x.length; t++) {
      double ms = 0;
      for (double v : x[t]) ms += v * v / x[t].length;
      for (int i = 0; i < x[t].length; i++) out[t][i] = weight[i] * x[t][i] / Math.sqrt(ms + c.rmsNormEps());
    }
    return out;
  }

  /** x W^T + b with W stored [out, in] as Hugging Face does. */
  private double[][] linear(double[][] x, String name, int outDim) {
    float[] wt = w.get(name + ".weight");
    float[] b = w.get(name + ".bias");
    int in = x[0].length;
    double[][] out = new double[x.length][outDim];
    for (int t = 0; t < x.length; t++) {
      for (int o = 0; o < outDim; o++) {
        double s = b == null ? 0 : b[o];
        for (int i = 0; i < in; i++) s += x[t][i] * wt[o * in + i];
        out[t][o] = s;
      }
    }
    return out;
  }

  private static void add(double[][] x, double[][] y) {
    for (int t = 0; t < x.length; t++) for (int i = 0; i < x[t].length; i++) x[t][i] += y[t][i];
  }
}
