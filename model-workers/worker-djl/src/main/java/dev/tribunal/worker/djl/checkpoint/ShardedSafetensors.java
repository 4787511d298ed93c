package dev.tribunal.worker.djl.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * A checkpoint's weights as Hugging Face lays them out: model.safetensors, or shards
 * model-0000i-of-0000n.safetensors listed by model.safetensors.index.json.
 */
public final class ShardedSafetensors {

  public static final String SINGLE = "model.safetensors";
  public static final String INDEX = "model.safetensors.index.json";

  private ShardedSafetensors() {}

  /**
   * The dtype to write a copy of the checkpoint in dir with: FP16 when it stores FP16 only, else
   * FP32 (BF16, which the writer cannot produce, widens to FP32 without loss).
   */
  public static DataType storedType(Path dir) {
    Path index = dir.resolve(INDEX);
    Set<String> files = new LinkedHashSet<>();
    if (Files.exists(index)) readJson(index).path("weight_map").forEach(f -> files.add(f.asText()));
    else files.add(SINGLE);
    Set<String> dtypes = new LinkedHashSet<>();
    for (String f : files) dtypes.addAll(Safetensors.dtypes(dir.resolve(f)));
    return dtypes.equals(Set.of("F16")) ? DataType.FLOAT16 : DataType.FLOAT32;
  }

  /** All tensors of the checkpoint in dir, as {@code dtype} on the manager's device. */
  public static Map<String, NDArray> read(Path dir, NDManager manager, DataType dtype) {
    return read(dir, file -> Safetensors.read(file, manager, dtype));
  }

  /** All tensors of the checkpoint in dir as FP32 host arrays (for an engine other than DJL). */
  public static Map<String, HostTensor> readHost(Path dir) {
    return read(dir, Safetensors::readHost);
  }

  /** Writes FP32 host arrays into dir, sharded as {@link #write} does. */
  public static void writeHost(Path dir, Map<String, HostTensor> tensors, long maxShardBytes) {
    write(dir, tensors, maxShardBytes, t -> 4L * t.data().length, Safetensors::writeHost);
  }

  private static <T> Map<String, T> read(Path dir, Function<Path, Map<String, T>> readFile) {
    Path index = dir.resolve(INDEX);
    if (!Files.exists(index)) {
      Path single = dir.resolve(SINGLE);
      if (!Files.exists(single)) {
        throw new IllegalArgumentException("no " + SINGLE + " or " + INDEX + " in " + dir);
      }
      return readFile.apply(single);
    }
    JsonNode weightMap = readJson(index).path("weight_map");
    if (!weightMap.isObject() || weightMap.isEmpty()) {
      throw new IllegalArgumentException(index + ": no weight_map");
    }
    Set<String> shards = new LinkedHashSet<>();
    weightMap.forEach(f -> shards.add(f.asText()));
    Map<String, T> out = new LinkedHashMap<>();
    for (String shard : shards) out.putAll(readFile.apply(dir.resolve(shard)));
    weightMap.fieldNames().forEachRemaining(name -> {
      if (!out.containsKey(name)) {
        throw new IllegalArgumentException(index + " lists " + name + " in "
            + weightMap.get(name).asText() + " but that shard does not hold it");
      }
    });
    return out;
  }

  /**
   * Writes tensors into dir, in one file when they fit in maxShardBytes, else in shards of at most
   * that size (a tensor larger than the limit gets a shard of its own) plus the index.
   */
  public static void write(Path dir, Map<String, NDArray> tensors, long maxShardBytes) {
    write(dir, tensors, maxShardBytes, a -> a.size() * a.getDataType().getNumOfBytes(), Safetensors::write);
  }

  private static <T> void write(Path dir, Map<String, T> tensors, long maxShardBytes, ToLongFunction<T> size,
      BiConsumer<Path, Map<String, T>> writeFile) {
    List<Map<String, T>> shards = new ArrayList<>();
    long used = Long.MAX_VALUE;
    for (Map.Entry<String, T> e : tensors.entrySet()) {
      long bytes = size.applyAsLong(e.getValue());
      if (shards.isEmpty() || (used + bytes > maxShardBytes && used > 0)) {
        shards.add(new LinkedHashMap<>());
        used = 0;
      }
      shards.get(shards.size() - 1).put(e.getKey(), e.getValue());
      used += bytes;
    }
    if (shards.size() <= 1) {
      writeFile.accept(dir.resolve(SINGLE), tensors);
      return;
    }
    ObjectNode index = LlamaConfig.JSON.createObjectNode();
    long total = 0;
    ObjectNode metadata = index.putObject("metadata");
    ObjectNode weightMap = index.putObject("weight_map");
    for (int i = 0; i < shards.size(); i++) {
      String name = String.format("model-%05d-of-%05d.safetensors", i + 1, shards.size());
      writeFile.accept(dir.resolve(name), shards.get(i));
      for (Map.Entry<String, T> e : shards.get(i).entrySet()) {
        weightMap.put(e.getKey(), name);
        total += size.applyAsLong(e.getValue());
      }
    }
    metadata.put("total_size", total);
    try {
      Files.writeString(dir.resolve(INDEX), LlamaConfig.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(index));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + INDEX + " in " + dir, e);
    }
  }

  private static JsonNode readJson(Path file) {
    try {
      return LlamaConfig.JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
