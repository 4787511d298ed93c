package dev.tribunal.worker.djl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.tribunal.worker.djl.checkpoint.LlamaConfig;

/**
 * Keys and values of every layer, preallocated as [batch, kv heads, capacity, head dim] so a
 * decoding step writes one column in place instead of growing (and copying) the cache. All rows
 * share one length: prompts are left-padded, and padded positions are masked, not skipped.
 */
public final class KvCache implements AutoCloseable {

  private final NDArray[] keys;
  private final NDArray[] values;
  private final int capacity;
  private int length;

  public KvCache(LlamaConfig config, NDManager manager, int batch, int capacity, DataType dtype) {
    this(new NDArray[config.numHiddenLayers()], new NDArray[config.numHiddenLayers()], capacity, 0);
    Shape shape = new Shape(batch, config.numKeyValueHeads(), capacity, config.headDim());
    for (int i = 0; i < keys.length; i++) {
      keys[i] = keep(manager.zeros(shape, dtype));
      values[i] = keep(manager.zeros(shape, dtype));
    }
  }

  private KvCache(NDArray[] keys, NDArray[] values, int capacity, int length) {
    this.keys = keys;
    this.values = values;
    this.capacity = capacity;
    this.length = length;
  }

  public int length() {
    return length;
  }

  public int capacity() {
    return capacity;
  }

  /** Writes this step's [B, kv heads, T, D] keys and values and returns views of everything so far. */
  NDArray[] append(int layer, NDArray k, NDArray v) {
    long t = k.getShape().get(2);
    if (length + t > capacity) {
      throw new IllegalStateException("KV cache full: " + length + " + " + t + " > capacity " + capacity);
    }
    NDIndex step = new NDIndex().addAllDim(2).addSliceDim(length, length + t);
    keys[layer].set(step, k);
    values[layer].set(step, v);
    NDIndex upTo = new NDIndex().addAllDim(2).addSliceDim(0, length + t);
    return new NDArray[] {keys[layer].get(upTo), values[layer].get(upTo)};
  }

  /** Called once per forward, after every layer has appended. */
  void advance(long t) {
    length += (int) t;
  }

  /** Rows [from, to) of this cache as views: writing through them fills this cache (chunked prefill). */
  KvCache rows(long from, long to) {
    NDArray[] k = new NDArray[keys.length];
    NDArray[] v = new NDArray[values.length];
    NDIndex rows = new NDIndex().addSliceDim(from, to);
    for (int i = 0; i < keys.length; i++) {
      k[i] = keep(keys[i].get(rows));
      v[i] = keep(values[i].get(rows));
    }
    return new KvCache(k, v, capacity, length);
  }

  /**
   * A cache holding the given rows of this one, in that order (rows may repeat: one prompt's
   * cache becomes the cache of its n samples). Closes this cache.
   */
  public KvCache select(NDArray rows) {
    NDArray[] k = new NDArray[keys.length];
    NDArray[] v = new NDArray[values.length];
    for (int i = 0; i < keys.length; i++) {
      k[i] = keep(keys[i].get(rows));
      v[i] = keep(values[i].get(rows));
    }
    close();
    return new KvCache(k, v, capacity, length);
  }

  @Override
  public void close() {
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != null) keys[i].close();
      if (values[i] != null) values[i].close();
    }
  }

  /** The cache lives across decoding steps, so it must not be closed by the scope it was made in. */
  private static NDArray keep(NDArray a) {
    NDScope.unregister(a);
    return a;
  }
}
