package dev.tribunal.worker.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.tribunal.worker.djl.checkpoint.Lineage;
import dev.tribunal.worker.djl.checkpoint.LlamaConfig;
import dev.tribunal.worker.djl.checkpoint.ShardedSafetensors;
import dev.tribunal.worker.djl.tokenizer.EmbeddedTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {
  private static final LlamaConfig CONFIG = TinyModels.config();
  private static final Lineage INIT = new Lineage(null, 0, "init", "none", Map.of());

  @TempDir Path tmp;

  @Test
  void randomWeightsComeFromTheSeedAlone() throws Exception {
    Path a = Checkpoints.random(tmp.resolve("a"), CONFIG, 11, INIT);
    Path b = Checkpoints.random(tmp.resolve("b"), CONFIG, 11, INIT);
    Path c = Checkpoints.random(tmp.resolve("c"), CONFIG, 12, INIT);
    byte[] weights = Files.readAllBytes(a.resolve("model.safetensors"));
    assertArrayEquals(weights, Files.readAllBytes(b.resolve("model.safetensors")));
    assertFalse(Arrays.equals(weights, Files.readAllBytes(c.resolve("model.safetensors"))));
    assertTrue(Files.exists(a.resolve("tokenizer.json")));
    assertEquals("init", Lineage.read(a).objective());
  }

  @Test
  void randomNeedsTheEmbeddedVocabulary() {
    LlamaConfig other = LlamaConfig.llama(EmbeddedTokenizer.VOCAB_SIZE + 1, 32, 64, 2, 4, 2, 64);
    assertThrows(IllegalArgumentException.class, () -> Checkpoints.random(tmp.resolve("x"), other, 1, INIT));
  }

  @Test
  void halfPrecisionReadsBackAsExactlyTheRoundedWeights() {
    Path source = Checkpoints.random(tmp.resolve("source"), CONFIG, 5, INIT);
    Lineage lineage = new Lineage(null, 0, "sft", "abc", Map.of("loss_last", 0.5));
    Path half = Checkpoints.halfPrecision(source, tmp.resolve("half"), lineage);
    assertEquals(lineage, Lineage.read(half));
    assertEquals(CONFIG, LlamaConfig.read(half));
    try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
      Map<String, NDArray> full = ShardedSafetensors.read(source, m, DataType.FLOAT32);
      Map<String, NDArray> back = ShardedSafetensors.read(half, m, DataType.FLOAT32);
      assertEquals(full.keySet(), back.keySet());
      long elements = 0;
      for (String name : full.keySet()) {
        float[] rounded = full.get(name).toType(DataType.FLOAT16, false).toType(DataType.FLOAT32, false).toFloatArray();
        assertArrayEquals(rounded, back.get(name).toFloatArray(), name);
        elements += rounded.length;
      }
      assertEquals(Checkpoints.parameterCount(CONFIG), elements);
    }
    long fp32Bytes = sizeOf(source.resolve("model.safetensors"));
    long fp16Bytes = sizeOf(half.resolve("model.safetensors"));
    assertTrue(fp16Bytes < 0.55 * fp32Bytes, fp16Bytes + " bytes in fp16 against " + fp32Bytes + " in fp32");
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
