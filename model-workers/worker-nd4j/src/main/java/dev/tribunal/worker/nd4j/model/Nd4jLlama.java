package dev.tribunal.worker.nd4j.model;

import dev.tribunal.worker.djl.checkpoint.LlamaConfig;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The Llama forward on ND4J arrays, and its backward written out by hand (as llm.c does in C):
 * RMSNorm, rotary embeddings, grouped-query attention under an additive causal and padding bias,
 * SwiGLU, a tied or untied head. The same equations as the DJL runtime's {@code LlamaModel}.
 *
 * <p>Activations are matrices [N, ·] with N = B·T rows (row b·T + t); attention works on
 * [B, kv heads, groups·T, head_dim], the g query heads of one kv head stacked along time, so
 * each kv head is multiplied once against g·T queries, and in the backward the gradients of the
 * g query heads that share a key sum inside one batched GEMM. The forward keeps what the backward
 * needs in a {@link Tape}; the embedding's gradient is an index-accumulate into the rows of the
 * tokens seen, never a gather's autodiff.
 */
public final class Nd4jLlama {

  private final LlamaConfig config;
  private final Nd4jWeights weights;
  private final int heads;
  private final int kvHeads;
  private final int headDim;
  private final int groups;

  public Nd4jLlama(Nd4jWeights weights) {
    this.weights = weights;
    this.config = weights.config();
    this.heads = config.numAttentionHeads();
    this.kvHeads = config.numKeyValueHeads();
    this.headDim = config.headDim();
    this.groups = config.kvGroups();
  }

  public Nd4jWeights weights() {
    return weights;
  }

  /** What one decoder layer's backward reads back from its forward. */
  private record LayerTape(INDArray x, Norm norm1, INDArray n1, Attention attention, INDArray context, INDArray x2,
      Norm norm2, INDArray n2, INDArray silu, INDArray up, INDArray sigmoid, INDArray activated) {}

  /** RMSNorm's saved state: the normalised input before the gain, and 1/rms per row [N, 1]. */
  private record Norm(INDArray normalised, INDArray inverseRms) {}

  /**
   * Attention's saved state: q [B, kv, g·T, d] (scaled by 1/sqrt(d)), k and v [B, kv, T, d],
   * probabilities [B, kv, g·T, T], and the q/k weights with each head's halves swapped (RoPE).
   */
  private record Attention(INDArray q, INDArray k, INDArray v, INDArray probabilities, INDArray swappedWeights,
      INDArray context) {}

  /** A forward's saved activations and its output: logits [N, V] (a reward model's head gives V = 1). */
  public static final class Tape {
    private final Nd4jBatch batch;
    private final Rope rope;
    private final List<LayerTape> layers;
    private final Norm finalNorm;
    private final INDArray normed;
    private final INDArray logits;

    private Tape(Nd4jBatch batch, Rope rope, List<LayerTape> layers, Norm finalNorm, INDArray normed, INDArray logits) {
      this.batch = batch;
      this.rope = rope;
      this.layers = layers;
      this.finalNorm = finalNorm;
      this.normed = normed;
      this.logits = logits;
    }

    public INDArray logits() {
      return logits;
    }

    public Nd4jBatch batch() {
      return batch;
    }
  }

  /** The forward over a batch, keeping what {@link #backward} needs. */
  public Tape forward(Nd4jBatch batch) {
    Rope rope = new Rope(config, batch.positions());
    INDArray h = Nd4j.pullRows(weights.embed(), 1, batch.ids());
    List<LayerTape> tapes = new ArrayList<>(config.numHiddenLayers());
    for (Nd4jWeights.Layer l : weights.layers()) {
      Norm norm1 = rmsNorm(h);
      INDArray n1 = norm1.normalised().mulRowVector(l.inputNorm());
      INDArray qkv = linear(n1, l.qkv(), l.qkvBias());
      Attention a = attention(batch, rope, n1, qkv, l);
      INDArray context = merge(a.context(), batch, heads);
      INDArray x2 = linear(context, l.o(), l.oBias()).addi(h);
      Norm norm2 = rmsNorm(x2);
      INDArray n2 = norm2.normalised().mulRowVector(l.postNorm());
      INDArray gate = linear(n2, gateRows(l.gateUp()), null);
      INDArray up = linear(n2, upRows(l.gateUp()), null);
      INDArray sigmoid = Transforms.sigmoid(gate, true);
      INDArray silu = gate.muli(sigmoid);
      INDArray activated = silu.mul(up);
      INDArray x3 = linear(activated, l.down(), null).addi(x2);
      tapes.add(new LayerTape(h, norm1, n1, a, context, x2, norm2, n2, silu, up, sigmoid, activated));
      h = x3;
    }
    Norm fin = rmsNorm(h);
    INDArray normed = fin.normalised().mulRowVector(weights.norm());
    return new Tape(batch, rope, tapes, fin, normed, linear(normed, weights.head(), null));
  }

  /**
   * Accumulates into {@code grads} (the same structure as the weights, see
   * {@link Nd4jWeights#zerosLike}) the gradient of a loss whose derivative with respect to the
   * tape's logits is {@code dLogits} [N, V].
   */
  public void backward(Tape tape, INDArray dLogits, Nd4jWeights grads) {
    Nd4jBatch batch = tape.batch;
    accumulateLinear(dLogits, tape.normed, grads.head(), null);
    INDArray dh = rmsNormBackward(matmul(dLogits, weights.head()), tape.finalNorm, weights.norm(), grads.norm());
    for (int i = config.numHiddenLayers() - 1; i >= 0; i--) {
      Nd4jWeights.Layer l = weights.layers().get(i);
      Nd4jWeights.Layer g = grads.layers().get(i);
      LayerTape t = tape.layers.get(i);
      // MLP: x3 = x2 + down(silu(gate) · up)
      accumulateLinear(dh, t.activated(), g.down(), null);
      INDArray dActivated = matmul(dh, l.down());
      INDArray dUp = dActivated.mul(t.silu());
      // silu'(x) = σ(x)·(1 + x·(1 − σ(x))) = σ(x) + silu(x)·(1 − σ(x))
      INDArray dSilu = t.sigmoid().rsub(1.0).muli(t.silu()).addi(t.sigmoid());
      INDArray dGate = dActivated.mul(t.up()).muli(dSilu);
      accumulateLinear(dGate, t.n2(), gateRows(g.gateUp()), null);
      accumulateLinear(dUp, t.n2(), upRows(g.gateUp()), null);
      INDArray dn2 = matmul(dGate, gateRows(l.gateUp()));
      Nd4j.gemm(dUp, upRows(l.gateUp()), dn2, false, false, 1.0, 1.0);
      INDArray dx2 = rmsNormBackward(dn2, t.norm2(), l.postNorm(), g.postNorm()).addi(dh);
      // attention: x2 = x + o(context)
      accumulateLinear(dx2, t.context(), g.o(), g.oBias());
      INDArray dQkv = attentionBackward(batch, t.attention(), matmul(dx2, l.o()));
      INDArray dn1 = ropeBackward(tape.rope, t, dQkv, g);
      accumulateLinear(dQkv, t.n1(), g.qkv(), g.qkvBias());
      Nd4j.gemm(dQkv, l.qkv(), dn1, false, false, 1.0, 1.0);
      dh = rmsNormBackward(dn1, t.norm1(), l.inputNorm(), g.inputNorm()).addi(dx2);
    }
    embeddingBackward(batch.ids(), dh, grads.embed());
  }

  private Attention attention(Nd4jBatch batch, Rope rope, INDArray n1, INDArray qkv, Nd4jWeights.Layer l) {
    long qk = (long) (heads + kvHeads) * headDim;
    INDArray swappedWeights = rope.swapRows(qkRows(l.qkv()));
    INDArray swapped = linear(n1, swappedWeights, l.qkvBias() == null ? null : rope.swapRows(qkRows(l.qkvBias())));
    INDArray rotated = rope.apply(qkv.get(NDArrayIndex.all(), NDArrayIndex.interval(0, qk)), swapped);
    int b = batch.rows();
    int t = batch.width();
    INDArray q = split(rotated, batch, heads + kvHeads, 0, heads).reshape('c', b, kvHeads, (long) groups * t, headDim);
    INDArray k = split(rotated, batch, heads + kvHeads, heads, heads + kvHeads);
    INDArray v = split(qkv, batch, heads + 2 * kvHeads, heads + kvHeads, heads + 2 * kvHeads);
    INDArray scores = Nd4j.matmul(q, k, false, true, false).reshape('c', b, heads, t, t).addi(batch.bias());
    // softmax over the keys of [B·h·T, T] rows: ND4J's two-dimensional kernel is the fast one
    INDArray rows = scores.reshape('c', (long) b * heads * t, t);
    INDArray p = Nd4j.exec(new SoftMax(rows, rows.ulike(), 1))[0];
    INDArray probabilities = p.reshape('c', b, kvHeads, (long) groups * t, t);
    return new Attention(q, k, v, probabilities, swappedWeights, Nd4j.matmul(probabilities, v));
  }

  /** The q and k rows of the fused projection (or its bias): a contiguous view. */
  private INDArray qkRows(INDArray qkv) {
    long qk = (long) (heads + kvHeads) * headDim;
    return qkv.rank() == 1 ? qkv.get(NDArrayIndex.interval(0, qk))
        : qkv.get(NDArrayIndex.interval(0, qk), NDArrayIndex.all());
  }

  /**
   * RoPE's backward: turns dQkv's q/k columns, in place, into the direct projection's gradient,
   * accumulates the swapped projection's weight (and bias) gradient into the q/k rows with the
   * halves swapped back, and returns the swapped projection's share of the input's gradient.
   */
  private INDArray ropeBackward(Rope rope, LayerTape t, INDArray dQkv, Nd4jWeights.Layer g) {
    INDArray dRotated = dQkv.get(NDArrayIndex.all(), NDArrayIndex.interval(0, (long) (heads + kvHeads) * headDim));
    INDArray dSwapped = rope.swappedGradient(dRotated);
    rope.directGradientInPlace(dRotated);
    INDArray dSwappedWeights = Nd4j.createUninitialized(DataType.FLOAT, dSwapped.size(1), t.n1().size(1));
    Nd4j.gemm(dSwapped, t.n1(), dSwappedWeights, true, false, 1.0, 0.0);
    qkRows(g.qkv()).addi(rope.swapRows(dSwappedWeights));
    if (g.qkvBias() != null) qkRows(g.qkvBias()).addi(rope.swapRows(dSwapped.sum(0)));
    return matmul(dSwapped, t.attention().swappedWeights());
  }

  /** Heads from..to of a row-major [N, total·d] projection as [B, to − from, T, d]. */
  private INDArray split(INDArray x, Nd4jBatch batch, int total, int from, int to) {
    INDArray rows = x.isView() ? x.dup('c') : x;
    return rows.reshape('c', batch.rows(), batch.width(), total, headDim)
        .get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(from, to), NDArrayIndex.all())
        .permute(0, 2, 1, 3).dup('c');
  }

  /** [B, kv, g·T, d] (or [B, h, T, d]) back to row-major [N, h·d]. */
  private INDArray merge(INDArray x, Nd4jBatch batch, int h) {
    return x.reshape('c', batch.rows(), h, batch.width(), headDim).permute(0, 2, 1, 3).dup('c')
        .reshape('c', batch.tokens(), (long) h * headDim);
  }

  /** [N, h·d] rows to [B, h, T, d]. */
  private INDArray heads(INDArray x, Nd4jBatch batch, int h) {
    return x.reshape('c', batch.rows(), batch.width(), h, headDim).permute(0, 2, 1, 3).dup('c');
  }

  /**
   * The gradient of the fused q/k/v projection's output [N, (h + 2 kv)·d] from the context's, the
   * q/k columns still before RoPE's backward.
   */
  private INDArray attentionBackward(Nd4jBatch batch, Attention a, INDArray dContext) {
    int b = batch.rows();
    int t = batch.width();
    INDArray dc = heads(dContext, batch, heads).reshape('c', b, kvHeads, (long) groups * t, headDim);
    INDArray p = a.probabilities();
    INDArray dv = Nd4j.matmul(p, dc, true, false, false);
    INDArray dp = Nd4j.matmul(dc, a.v(), false, true, false);
    // softmax: dS = P ⊙ (dP − Σ_k dP ⊙ P), and Σ_k dP_qk·P_qk = Σ_k P_qk·(dC_q·V_k) = dC_q·C_q, a
    // reduction over head_dim instead of over the keys (FlashAttention's trick)
    INDArray rowSums = dc.mul(a.context()).sum(true, 3);
    INDArray ds = dp.subi(rowSums).muli(p);
    INDArray dq = Nd4j.matmul(ds, a.k());
    INDArray dk = Nd4j.matmul(ds, a.q(), true, false, false);
    // written straight into the fused projection's layout [B, T, h + 2 kv, d], no concatenation
    INDArray out = Nd4j.createUninitialized(DataType.FLOAT, batch.tokens(), (long) (heads + 2 * kvHeads) * headDim);
    INDArray heads4 = out.reshape('c', b, t, heads + 2 * kvHeads, headDim);
    headSlice(heads4, 0, heads).assign(dq.reshape('c', b, heads, t, headDim).permute(0, 2, 1, 3));
    headSlice(heads4, heads, heads + kvHeads).assign(dk.permute(0, 2, 1, 3));
    headSlice(heads4, heads + kvHeads, heads + 2 * kvHeads).assign(dv.permute(0, 2, 1, 3));
    return out;
  }

  private static INDArray headSlice(INDArray heads4, int from, int to) {
    return heads4.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(from, to), NDArrayIndex.all());
  }

  /** RMSNorm without its gain: x / sqrt(mean(x²) + ε), in fp32 as transformers computes it. */
  private Norm rmsNorm(INDArray x) {
    // ‖x‖₂ per row in one reduction, then the small [N, 1] arithmetic: mean(x²) = ‖x‖²/H
    INDArray norm = x.norm2(true, 1);
    INDArray inverse = Transforms.pow(norm.muli(norm).divi(x.size(1)).addi(config.rmsNormEps()), -0.5, false);
    return new Norm(x.mulColumnVector(inverse), inverse);
  }

  /**
   * y = x̂·g, x̂ = x·r, r = (mean(x²) + ε)^−½: accumulates dg = Σ_n dy·x̂ and returns
   * dx = r·(u − x̂·mean(u·x̂)) with u = dy·g.
   */
  private static INDArray rmsNormBackward(INDArray dy, Norm n, INDArray gain, INDArray dGain) {
    dGain.addi(dy.mul(n.normalised()).sum(0));
    INDArray u = dy.mulRowVector(gain);
    INDArray mean = u.mul(n.normalised()).mean(true, 1);
    return u.subi(n.normalised().mulColumnVector(mean)).muliColumnVector(n.inverseRms());
  }

  /** The gate projection's rows of the fused gate/up matrix: a contiguous view, one GEMM of its own. */
  private INDArray gateRows(INDArray gateUp) {
    return gateUp.get(NDArrayIndex.interval(0, config.intermediateSize()), NDArrayIndex.all());
  }

  private INDArray upRows(INDArray gateUp) {
    long inter = config.intermediateSize();
    return gateUp.get(NDArrayIndex.interval(inter, 2 * inter), NDArrayIndex.all());
  }

  /** a·b into a fresh array. */
  private static INDArray matmul(INDArray a, INDArray b) {
    INDArray y = Nd4j.createUninitialized(DataType.FLOAT, a.size(0), b.size(1));
    Nd4j.gemm(a, b, y, false, false, 1.0, 0.0);
    return y;
  }

  /** y = x·Wᵀ (+ b), W in Hugging Face's [out, in] layout. */
  private static INDArray linear(INDArray x, INDArray w, INDArray bias) {
    INDArray in = x.isView() ? x.dup('c') : x;
    INDArray y = Nd4j.createUninitialized(DataType.FLOAT, in.size(0), w.size(0));
    Nd4j.gemm(in, w, y, false, true, 1.0, 0.0);
    return bias == null ? y : y.addiRowVector(bias);
  }

  /** dW += dyᵀ·x and db += Σ_n dy, straight into the accumulators (GEMM with β = 1). */
  private static void accumulateLinear(INDArray dy, INDArray x, INDArray dW, INDArray dBias) {
    Nd4j.gemm(dy, x, dW, true, false, 1.0, 1.0);
    if (dBias != null) dBias.addi(dy.sum(0));
  }

  /**
   * The embedding's gradient: each row of dh added into the row of its token. Duplicate tokens
   * are summed on the host first, so the device scatter sees each row once.
   */
  private static void embeddingBackward(int[] ids, INDArray dh, INDArray dEmbed) {
    int hidden = (int) dh.size(1);
    float[] rows = dh.dup('c').data().asFloat();
    java.util.Map<Integer, Integer> slot = new java.util.LinkedHashMap<>();
    for (int id : ids) slot.putIfAbsent(id, slot.size());
    float[] sums = new float[slot.size() * hidden];
    for (int n = 0; n < ids.length; n++) {
      int at = slot.get(ids[n]) * hidden;
      for (int j = 0; j < hidden; j++) sums[at + j] += rows[n * hidden + j];
    }
    int[] unique = slot.keySet().stream().mapToInt(Integer::intValue).toArray();
    INDArray updates = Nd4j.create(sums, new long[] {unique.length, hidden}, 'c');
    Nd4j.exec(DynamicCustomOp.builder("scatter_add").addInputs(dEmbed, Nd4j.createFromArray(unique), updates)
        .addOutputs(dEmbed).callInplace(true).build());
  }
}
