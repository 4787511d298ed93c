package dev.tribunal.worker.djl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import dev.tribunal.worker.djl.checkpoint.LlamaConfig;
import java.util.function.Supplier;

/**
 * The Llama forward as a function of {@link LlamaWeights}: RMSNorm, rotary embeddings (Hugging
 * Face's rotate_half layout), grouped-query attention with an additive mask, SwiGLU MLP. It is
 * written with plain NDArray ops so the same code runs under a GradientCollector for training.
 *
 * <p>Shapes: ids and positions are [B, T] int64; an attention bias is [B, 1, 1, T, S] (0 where a
 * query may attend, {@link #MASKED} elsewhere), S being the key length (the cache length after
 * this step when decoding with a cache).
 */
public final class LlamaModel {

  /** Additive bias for a masked key: exp underflows to exactly 0 in fp32, and twice it still fits fp16. */
  public static final float MASKED = -30000f;

  private final LlamaConfig config;
  private final LlamaWeights weights;
  private final NDArray invFreq; // [D/2] fp32, RoPE inverse frequencies after any scaling
  private final NDArray rotateHalf; // [D, D]: x @ R == cat(-x2, x1), one matmul instead of split+neg+concat
  private final NDArray scale; // 0-d 1/sqrt(head_dim): DJL turns a Java scalar into a fresh direct buffer each op
  private final NDArray epsilon; // 0-d rms_norm_eps, fp32

  public LlamaModel(LlamaWeights weights) {
    this.weights = weights;
    this.config = weights.config();
    int d = config.headDim();
    NDManager m = weights.embed().getManager();
    double[] inv = new double[d / 2];
    for (int i = 0; i < inv.length; i++) inv[i] = 1.0 / Math.pow(config.ropeTheta(), 2.0 * i / d);
    if (config.ropeScaling() != null) config.ropeScaling().apply(inv);
    float[] invF = new float[inv.length];
    for (int i = 0; i < inv.length; i++) invF[i] = (float) inv[i];
    float[] r = new float[d * d];
    for (int j = 0; j < d / 2; j++) {
      r[(j + d / 2) * d + j] = -1f; // out[j] = -x[j + d/2]
      r[j * d + j + d / 2] = 1f; // out[j + d/2] = x[j]
    }
    this.invFreq = m.create(invF);
    NDArray rF32 = m.create(r, new Shape(d, d));
    this.rotateHalf = rF32.toType(weights.dataType(), false);
    if (rotateHalf != rF32) rF32.close();
    NDArray scale32 = m.create((float) (1.0 / Math.sqrt(d)));
    this.scale = scale32.toType(weights.dataType(), false);
    if (scale != scale32) scale32.close();
    this.epsilon = m.create((float) config.rmsNormEps());
    NDScope.unregister(invFreq, rotateHalf, scale, epsilon);
  }

  public LlamaConfig config() {
    return config;
  }

  public LlamaWeights weights() {
    return weights;
  }

  /**
   * Per-token log-probabilities of given sequences, recomputed in full (no cache): element [b, t]
   * is log p(ids[b, t+1] | ids[b, 0..t]), shape [B, T-1], fp32. mask is [B, T], 1 for real tokens
   * and 0 for padding (either side); entries whose target is padding are meaningless and must be
   * masked by the caller. Differentiable with respect to the weights.
   */
  public NDArray tokenLogprobs(NDArray ids, NDArray mask) {
    return scoped(() -> chosen(nextTokenLogSoftmax(ids, mask), ids));
  }

  /**
   * {@link #tokenLogprobs} and, at each position, the k likeliest next tokens: [chosen [B, T-1],
   * top log-probs [B, T-1, k] (descending), top ids [B, T-1, k] int64]. Not scoped: run it
   * inside the caller's NDScope.
   */
  public NDList tokenLogprobsAndTop(NDArray ids, NDArray mask, int k) {
    NDArray logp = nextTokenLogSoftmax(ids, mask);
    NDList top = logp.topK(k, 2, true, true);
    return new NDList(chosen(logp, ids), top.get(0), top.get(1));
  }

  /** Element [b, t, v] is log p(v | ids[b, 0..t]), shape [B, T-1, V], fp32. */
  private NDArray nextTokenLogSoftmax(NDArray ids, NDArray mask) {
    NDArray keyMask = mask.toType(DataType.FLOAT32, false);
    int t = (int) ids.getShape().get(1);
    NDArray logits = forward(ids, positions(keyMask), attentionBias(keyMask, t, 0), null, false);
    return logits.get(new NDIndex().addAllDim().addSliceDim(0, t - 1)).toType(DataType.FLOAT32, false).logSoftmax(2);
  }

  /** The log-prob of each position's actual next token. */
  private static NDArray chosen(NDArray logp, NDArray ids) {
    int t = (int) ids.getShape().get(1);
    NDArray targets = ids.get(new NDIndex().addAllDim().addSliceDim(1, t)).expandDims(2);
    return logp.gather(targets, 2).squeeze(2);
  }

  /**
   * A reward model's rewards of right-padded sequences [B, T] with their 1/0 mask: the score head
   * at each row's last real token, as transformers pools *ForSequenceClassification, [B] fp32.
   * Differentiable with respect to the weights.
   */
  public NDArray rewards(NDArray ids, NDArray mask) {
    if (!config.isReward()) {
      throw new IllegalStateException("a " + config.architecture() + " has no reward head");
    }
    return scoped(() -> {
      NDArray keyMask = mask.toType(DataType.FLOAT32, false);
      int t = (int) ids.getShape().get(1);
      NDArray perToken = forward(ids, positions(keyMask), attentionBias(keyMask, t, 0), null, false)
          .squeeze(2).toType(DataType.FLOAT32, false);
      NDArray last = keyMask.sum(new int[] {1}).sub(1f).toType(DataType.INT64, false).expandDims(1);
      return perToken.gather(last, 1).squeeze(1);
    });
  }

  /**
   * Runs left-padded prompts [P, T] into an empty cache, at most maxTokens tokens per forward
   * (attention scores grow with rows x T^2, so long prompts go a few rows at a time), and returns
   * the last position's logits [P, 1, V].
   */
  public NDArray prefill(NDArray ids, NDArray mask, KvCache cache, int maxTokens) {
    return scoped(() -> {
      long rows = ids.getShape().get(0);
      int width = (int) ids.getShape().get(1);
      long step = Math.max(1, maxTokens / width);
      NDList logits = new NDList();
      for (long from = 0; from < rows; from += step) {
        NDIndex chunk = new NDIndex().addSliceDim(from, Math.min(rows, from + step));
        NDArray m = mask.get(chunk);
        try (KvCache part = cache.rows(from, Math.min(rows, from + step))) {
          logits.add(forward(ids.get(chunk), positions(m), attentionBias(m, width, 0), part, true));
        }
      }
      cache.advance(width);
      return logits.size() == 1 ? logits.get(0) : NDArrays.concat(logits, 0);
    });
  }

  /**
   * Logits [B, T, V] (or [B, 1, V] for the last position only); a reward model's head gives V = 1.
   * With a cache, this step's keys
   * and values are appended to it and attention covers everything cached.
   */
  public NDArray forward(NDArray ids, NDArray positions, NDArray bias, KvCache cache, boolean lastOnly) {
    return scoped(() -> {
      NDArray[] rope = rope(positions);
      NDArray h = ids.getNDArrayInternal().embedding(ids, weights.embed(), SparseFormat.DENSE).singletonOrThrow();
      for (int i = 0; i < config.numHiddenLayers(); i++) {
        LayerWeights l = weights.layers().get(i);
        int layer = i;
        NDArray in = h;
        h = scoped(() -> {
          NDArray a = in.add(attention(l, layer, rmsNorm(in, l.inputNorm()), rope, bias, cache));
          return a.add(mlp(l, rmsNorm(a, l.postNorm())));
        });
        in.close();
      }
      if (cache != null) cache.advance(ids.getShape().get(1));
      h = rmsNorm(h, weights.norm());
      if (lastOnly) h = h.get(new NDIndex().addAllDim().addSliceDim(h.getShape().get(1) - 1, h.getShape().get(1)));
      return linear(h, weights.head(), null);
    });
  }

  /** Position ids [B, T] int64 from a 1/0 mask: each row counts its real tokens from 0, padding or not. */
  public NDArray positions(NDArray mask) {
    return mask.toType(DataType.FLOAT32, false).cumSum(1).sub(1f).clip(0f, Float.MAX_VALUE)
        .toType(DataType.INT64, false);
  }

  /**
   * The additive attention bias [B, 1, 1, T, S] for T queries at key positions offset..offset+T-1:
   * causal, plus padding from keyMask [B, S] (1 real, 0 pad, fp32).
   */
  public NDArray attentionBias(NDArray keyMask, int queries, int offset) {
    int s = (int) keyMask.getShape().get(1);
    float[] causal = new float[queries * s];
    for (int q = 0; q < queries; q++) {
      for (int k = offset + q + 1; k < s; k++) causal[q * s + k] = MASKED;
    }
    return padding(keyMask).add(keyMask.getManager().create(causal, new Shape(1, 1, 1, queries, s)))
        .toType(weights.dataType(), false);
  }

  /**
   * The bias [B, 1, 1, 1, S] that only hides padded keys: all a single newest query needs, so a
   * decoding loop builds it once and slices it each step.
   */
  public NDArray paddingBias(NDArray keyMask) {
    return padding(keyMask).toType(weights.dataType(), false);
  }

  private static NDArray padding(NDArray keyMask) {
    long b = keyMask.getShape().get(0);
    long s = keyMask.getShape().get(1);
    return keyMask.sub(1f).mul(-MASKED).reshape(b, 1, 1, 1, s);
  }

  private NDArray attention(LayerWeights l, int layer, NDArray x, NDArray[] rope, NDArray bias, KvCache cache) {
    long b = x.getShape().get(0);
    long t = x.getShape().get(1);
    int heads = config.numAttentionHeads();
    int kvHeads = config.numKeyValueHeads();
    int d = config.headDim();
    NDList qkv = linear(x, l.qkv(), l.qkvBias()).split(new long[] {(long) (heads + kvHeads) * d}, 2);
    // RoPE on q and k together: they share positions, so one rotation covers both.
    NDArray qk = qkv.get(0).reshape(b, t, heads + kvHeads, d);
    qk = qk.mul(rope[0]).add(qk.matMul(rotateHalf).mul(rope[1])).transpose(0, 2, 1, 3);
    NDList qAndK = qk.split(new long[] {heads}, 1);
    NDArray k = qAndK.get(1);
    NDArray v = qkv.get(1).reshape(b, t, kvHeads, d).transpose(0, 2, 1, 3);
    if (cache != null) {
      NDArray[] kv = cache.append(layer, k, v);
      k = kv[0];
      v = kv[1];
    }
    long s = k.getShape().get(2);
    int groups = config.kvGroups();
    // Grouped-query attention without copying keys: the g query heads of one kv head are stacked
    // along the time axis, so each kv head is multiplied once against g*T queries.
    NDArray q = qAndK.get(0).mul(scale).reshape(b, kvHeads, groups * t, d);
    NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).reshape(b, kvHeads, groups, t, s).add(bias);
    NDArray context = scores.softmax(4).reshape(b, kvHeads, groups * t, s).matMul(v)
        .reshape(b, heads, t, d).transpose(0, 2, 1, 3).reshape(b, t, (long) heads * d);
    return linear(context, l.o(), l.oBias());
  }

  private NDArray mlp(LayerWeights l, NDArray x) {
    NDList gateUp = linear(x, l.gateUp(), null).split(2, 2);
    NDArray gate = gateUp.get(0);
    NDArray silu = gate.mul(gate.getNDArrayInternal().sigmoid());
    return linear(silu.mul(gateUp.get(1)), l.down(), null);
  }

  /** RMSNorm in fp32, as transformers computes it, then scaled in the weights' dtype. */
  private NDArray rmsNorm(NDArray x, NDArray weight) {
    NDArray xf = x.toType(DataType.FLOAT32, false);
    NDArray rms = xf.square().mean(new int[] {-1}, true).add(epsilon).sqrt();
    return xf.div(rms).toType(weight.getDataType(), false).mul(weight);
  }

  /** cos and sin of position * inverse frequency, [B, T, 1, D], duplicated halves (rotate_half layout). */
  private NDArray[] rope(NDArray positions) {
    NDArray freqs = positions.toType(DataType.FLOAT32, false).expandDims(2).mul(invFreq);
    NDArray emb = freqs.concat(freqs, 2).expandDims(2);
    DataType dt = weights.dataType();
    return new NDArray[] {emb.cos().toType(dt, false), emb.sin().toType(dt, false)};
  }

  private static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
    return x.getNDArrayInternal().linear(x, weight, bias).singletonOrThrow();
  }

  /**
   * Runs f in its own NDScope so its intermediates are freed when it returns; the result moves to
   * the enclosing scope. Safe under autograd: closing a handle does not free what backward needs.
   */
  static NDArray scoped(Supplier<NDArray> f) {
    NDArray out;
    try (NDScope scope = new NDScope()) {
      out = f.get();
      NDScope.unregister(out);
    }
    NDScope.register(out);
    return out;
  }
}
