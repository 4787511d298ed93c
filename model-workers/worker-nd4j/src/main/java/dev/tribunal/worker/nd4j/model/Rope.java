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
 * half), so the backward is the same shape: dx = dx'·cos + swap(dx'·sin±), swap being its own
 * transpose.
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
    int width = heads * headDim;
    float[] c = new float[positions.length * width];
    float[] s = new float[c.length];
    for (int n = 0; n < positions.length; n++) {
      for (int i = 0; i < half; i++) {
        float angle = positions[n] * invF[i]; // in fp32, as the runtime multiplies positions by inv_freq
        float cv = (float) Math.cos(angle);
        float sv = (float) Math.sin(angle);
        for (int h = 0; h < heads; h++) {
          int at = n * width + h * headDim + i;
          c[at] = cv;
          c[at + half] = cv;
          s[at] = -sv;
          s[at + half] = sv;
        }
      }
    }
    this.cos = Nd4j.create(c, new long[] {positions.length, width}, 'c');
    this.signedSin = Nd4j.create(s, new long[] {positions.length, width}, 'c');
  }

  /** x·cos + swap(x)·sin± for x [N, (heads + kv heads)·head_dim]. */
  INDArray apply(INDArray x) {
    return x.mul(cos).addi(swap(x).muli(signedSin));
  }

  /** The gradient with respect to x from the gradient dy of {@link #apply}'s output. */
  INDArray backward(INDArray dy) {
    return dy.mul(cos).addi(swap(dy.mul(signedSin)));
  }

  /** Exchanges the halves of each head. */
  private INDArray swap(INDArray x) {
    long n = x.size(0);
    int half = headDim / 2;
    INDArray in = x.dup('c').reshape('c', n * heads, 2, half);
    INDArray out = Nd4j.createUninitialized(x.dataType(), new long[] {n * heads, 2, half}, 'c');
    out.get(NDArrayIndex.all(), NDArrayIndex.point(0), NDArrayIndex.all())
        .assign(in.get(NDArrayIndex.all(), NDArrayIndex.point(1), NDArrayIndex.all()));
    out.get(NDArrayIndex.all(), NDArrayIndex.point(1), NDArrayIndex.all())
        .assign(in.get(NDArrayIndex.all(), NDArrayIndex.point(0), NDArrayIndex.all()));
    return out.reshape('c', n, (long) heads * headDim);
  }
}
