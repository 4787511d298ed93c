package dev.tribunal.worker.djl.model;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;

/**
 * One decoder layer's parameters, in Hugging Face's [out, in] layout. The q/k/v projections are
 * stored fused as one [(heads + 2 kv heads) * head_dim, hidden] matrix and gate/up as one
 * [2 * intermediate, hidden] matrix, so each takes one matrix multiply; biases are null when the
 * architecture has none.
 */
public record LayerWeights(NDArray inputNorm, NDArray qkv, NDArray qkvBias, NDArray o, NDArray oBias,
    NDArray postNorm, NDArray gateUp, NDArray down) {

  /** The non-null parameters, in a fixed order. */
  public List<NDArray> parameters() {
    List<NDArray> out = new ArrayList<>();
    for (NDArray a : new NDArray[] {inputNorm, qkv, qkvBias, o, oBias, postNorm, gateUp, down}) {
      if (a != null) out.add(a);
    }
    return out;
  }
}
