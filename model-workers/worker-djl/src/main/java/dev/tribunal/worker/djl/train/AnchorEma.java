package dev.tribunal.worker.djl.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.tribunal.worker.djl.CheckpointWriter;
import dev.tribunal.worker.djl.checkpoint.Lineage;
import dev.tribunal.worker.djl.checkpoint.LlamaConfig;
import dev.tribunal.worker.djl.checkpoint.ShardedSafetensors;
import dev.tribunal.worker.djl.model.LlamaWeights;
import dev.tribunal.worker.train.AnchorUpdate;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * J-BOND's anchor update (spec 3.4), θ_anchor' = (1−η)·θ_anchor + η·θ, tensor by tensor on the
 * CPU: both checkpoints are read in fp32, blended in fp32 and stored in the anchor's dtype (fp16
 * stays fp16, so the anchor does not double in size; bf16 widens to fp32, which the writer can
 * produce without loss). The anchor's config and tokenizer files are copied; the lineage names
 * the anchor as parent, the policy as merged_with and η under settings.
 */
final class AnchorEma {

  static final String OBJECTIVE = "ema";

  private AnchorEma() {}

  static Path write(AnchorUpdate u) {
    DjlTrainer.requireNew(u.output());
    LlamaConfig config = LlamaConfig.read(u.anchor());
    requireSameShapes(config, LlamaConfig.read(u.policy()), u);
    DataType stored = ShardedSafetensors.storedType(u.anchor());
    NDManager manager = NDManager.newBaseManager(Device.cpu());
    LlamaWeights blended;
    try {
      blended = LlamaWeights.fromHf(config, blend(manager, u, config, stored), manager);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
    try (blended) {
      Lineage lineage = new Lineage(u.anchor().toString(), u.iteration(), OBJECTIVE, "none", Map.of(),
          Map.of("eta", u.eta()), u.policy().toString());
      return CheckpointWriter.write(u.output(), blended, CheckpointWriter.tokenizerFrom(u.anchor()), lineage);
    }
  }

  /**
   * Refuses, before reading any weights, two configs whose tensors differ in name or shape: a
   * blend of different architectures is no model.
   */
  static void requireSameShapes(LlamaConfig anchor, LlamaConfig policy, AnchorUpdate u) {
    Map<String, long[]> a = LlamaWeights.hfShapes(anchor);
    Map<String, long[]> p = LlamaWeights.hfShapes(policy);
    Set<String> names = new LinkedHashSet<>(a.keySet());
    names.addAll(p.keySet());
    for (String name : names) {
      if (!Arrays.equals(a.get(name), p.get(name))) {
        throw new IllegalArgumentException("cannot blend " + u.policy() + " into anchor " + u.anchor()
            + ": tensor " + name + " has shape " + shape(a.get(name)) + " in the anchor and " + shape(p.get(name))
            + " in the policy; an EMA of weights needs the same architecture");
      }
    }
  }

  /** The blended tensors under Hugging Face names, in the anchor's dtype, owned by the manager. */
  private static Map<String, NDArray> blend(NDManager manager, AnchorUpdate u, LlamaConfig config, DataType stored) {
    Map<String, NDArray> anchor = ShardedSafetensors.read(u.anchor(), manager, DataType.FLOAT32);
    Map<String, NDArray> policy = ShardedSafetensors.read(u.policy(), manager, DataType.FLOAT32);
    Map<String, NDArray> out = new LinkedHashMap<>();
    for (String name : LlamaWeights.hfShapes(config).keySet()) {
      NDArray a = anchor.remove(name);
      NDArray p = policy.remove(name);
      if (a == null || p == null) {
        throw new IllegalArgumentException((a == null ? u.anchor() : u.policy()) + " has no tensor " + name);
      }
      if (!a.getShape().equals(p.getShape())) { // a file that disagrees with its own config
        throw new IllegalArgumentException("tensor " + name + " has shape " + a.getShape() + " in anchor " + u.anchor()
            + " and " + p.getShape() + " in policy " + u.policy());
      }
      out.put(name, mix(a, p, u.eta(), stored));
    }
    anchor.values().forEach(NDArray::close); // unused extras (rotary buffers, a tied head's copy)
    policy.values().forEach(NDArray::close);
    return out;
  }

  /** (1−η)·a + η·p in fp32, cast to the stored dtype; a and p are closed, only the result is kept. */
  private static NDArray mix(NDArray a, NDArray p, double eta, DataType stored) {
    NDArray scaled = p.mul((float) eta);
    NDArray mixed = a.mul((float) (1 - eta)).addi(scaled);
    scaled.close();
    a.close();
    p.close();
    if (stored == DataType.FLOAT32) return mixed;
    NDArray cast = mixed.toType(stored, false);
    mixed.close();
    return cast;
  }

  private static String shape(long[] shape) {
    return shape == null ? "(absent)" : Arrays.toString(shape);
  }
}
