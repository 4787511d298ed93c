package dev.tribunal.worker.nd4j.model;

import dev.tribunal.worker.djl.checkpoint.LlamaConfig;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Rotary embeddings in Hugging Face's rotate_half layout for a batch's positions, over the q and
 * k columns of the fused projection ([N, (heads + kv heads)·head_dim]):
 * x' = x·cos + rotate_half(x)·sin, rotate_half(x) = (−x₂, x₁). Written as x·cos + swap(x)·sin±,
 * swap exchanging the two halves of each head and sin± carrying the sign (−sin on the first
 * half). Since x = n·Wᵀ, swap(x) = n·swap(W)ᵀ: the halves are exchanged on the weight's rows
 * ([(heads + kv)·d, hidden], small) and the swapped projection is one more GEMM, instead of
 * shuffling the activations ([N, ·], large) forward and back. The attention scale 1/sqrt(d) is
 * folded into the q columns' tables, so the scores need no pass of their own.
 */
final class Rope {

  private final INDArray cos;
  private final INDArray signedSin;
  private final int heads;
  private final int headDim;

  Rope(LlamaConfig config, int[] positions) {
    this.heads = config.numAttentionHeads() + config.numKeyValueHeads();
    this.headDim = config.headDim();
    int half = headDim / 2;
    double[] inv = new double[half];
    for (int i = 0; i < half; i++) inv[i] = 1.0 / Math.pow(config.ropeTheta(), 2.0 * i / headDim);
    if (config.ropeScaling() != null) config.ropeScaling().apply(inv);
    float[] invF = new float[half];
    for (int i = 0; i < half; i++) invF[i] = (float) inv[i];
    float scale = (float) (1.0 / Math.sqrt(headDim));
    int width = heads * headDim;
    float[] c = new float[positions.length * width];
    float[] s = new float[c.length];
    for (int n = 0; n < positions.length; n++) {
      for (int i = 0; i < half; i++) {
        float angle = positions[n] * invF[i]; // in fp32, as the runtime multiplies positions by inv_freq
        float cv = (float) Math.cos(angle);
        float sv = (float) Math.sin(angle);
        for (int h = 0; h < heads; h++) {
          float f = h < config.numAttentionHeads() ? scale : 1f;
          int at = n * width + h * headDim + i;
          c[at] = f * cv;
          c[at + half] = f * cv;
          s[at] = -f * sv;
          s[at + half] = f * sv;
        }
      }
    }
    this.cos = Nd4j.create(c, new long[] {positions.length, width}, 'c');
    this.signedSin = Nd4j.create(s, new long[] {positions.length, width}, 'c');
  }

  /** direct·cos + swapped·sin±, from x [N, (heads + kv)·d] and swap(x) (q columns scaled). */
  INDArray apply(INDArray direct, INDArray swapped) {
    return direct.mul(cos).addi(swapped.mul(signedSin));
  }

  /** The gradient of the swapped projection from dy, the gradient of {@link #apply}'s output. */
  INDArray swappedGradient(INDArray dy) {
    return dy.mul(signedSin);
  }

  /** Turns dy, in place, into the gradient of the direct projection. */
  void directGradientInPlace(INDArray dy) {
    dy.muli(cos);
  }

  /**
   * Exchanges the halves of each head along the first axis: a projection's rows [(heads + kv)·d, in]
   * or its bias. Its own inverse, so it also maps the swapped rows' gradient back.
   */
  INDArray swapRows(INDArray w) {
    long rest = w.length() / ((long) heads * headDim);
    int half = headDim / 2;
    INDArray in = w.dup('c').reshape('c', heads, 2, half * rest);
    INDArray out = Nd4j.createUninitialized(w.dataType(), new long[] {heads, 2, half * rest}, 'c');
    out.get(NDArrayIndex.all(), NDArrayIndex.point(0), NDArrayIndex.all())
        .assign(in.get(NDArrayIndex.all(), NDArrayIndex.point(1), NDArrayIndex.all()));
    out.get(NDArrayIndex.all(), NDArrayIndex.point(1), NDArrayIndex.all())
        .assign(in.get(NDArrayIndex.all(), NDArrayIndex.point(0), NDArrayIndex.all()));
    return out.reshape('c', w.shape());
  }
}
