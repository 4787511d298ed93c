package dev.tribunal.worker.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.tribunal.worker.djl.checkpoint.Lineage;
import dev.tribunal.worker.djl.checkpoint.LlamaConfig;
import dev.tribunal.worker.djl.checkpoint.Safetensors;
import dev.tribunal.worker.djl.checkpoint.ShardedSafetensors;
import dev.tribunal.worker.djl.model.LlamaModel;
import dev.tribunal.worker.djl.model.LlamaWeights;
import dev.tribunal.worker.djl.model.PaddedBatch;
import dev.tribunal.worker.djl.tokenizer.EmbeddedTokenizer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {

  private static final int[] IDS = {2, 5, 9, 50, 75, 86, 86, 89, 7, 9, 6, 9, 40};

  @TempDir Path tmp;

  @Test
  void writtenCheckpointLoadsBackWithIdenticalLogits() {
    LlamaConfig config = TinyModels.config();
    try (LlamaWeights original = TinyModels.weights(config, 21)) {
      float[] expected = logits(new LlamaModel(original));
      Path dir = CheckpointWriter.write(tmp.resolve("c"), original, EmbeddedTokenizer::writeTo, TinyModels.lineage());
      assertEquals(config, LlamaConfig.read(dir));
      assertEquals(TinyModels.lineage(), Lineage.read(dir));
      assertTrue(Files.exists(dir.resolve(ShardedSafetensors.SINGLE)));
      try (LoadedModel loaded = LoadedModel.load("c", dir, Device.cpu())) {
        assertArrayEquals(expected, logits(loaded.model()));
      }
    }
  }

  @Test
  void shardedCheckpointWithIndexLoadsEqualToUnsharded() throws IOException {
    LlamaConfig config = TinyModels.config().asQwen2();
    try (LlamaWeights w = TinyModels.weights(config, 22)) {
      Path single = CheckpointWriter.write(tmp.resolve("single"), w, EmbeddedTokenizer::writeTo, TinyModels.lineage());
      Path sharded = CheckpointWriter.write(tmp.resolve("sharded"), w, EmbeddedTokenizer::writeTo,
          TinyModels.lineage(), 20_000);
      assertTrue(Files.exists(sharded.resolve(ShardedSafetensors.INDEX)));
      assertFalse(Files.exists(sharded.resolve(ShardedSafetensors.SINGLE)));
      try (Stream<Path> files = Files.list(sharded)) {
        assertTrue(files.filter(p -> p.getFileName().toString().matches("model-\\d{5}-of-\\d{5}\\.safetensors")).count() > 2);
      }
      try (LoadedModel a = LoadedModel.load("single", single, Device.cpu());
          LoadedModel b = LoadedModel.load("sharded", sharded, Device.cpu())) {
        assertArrayEquals(logits(a.model()), logits(b.model()));
      }
    }
  }

  @Test
  void halfPrecisionTensorsAreWidenedExactly() throws IOException {
    // 1, -2, 0.5, 3 in bf16 (upper halves of the fp32 bits) and in IEEE fp16.
    Path file = tmp.resolve("half.safetensors");
    String header = "{\"b\":{\"dtype\":\"BF16\",\"shape\":[2,2],\"data_offsets\":[0,8]},"
        + "\"h\":{\"dtype\":\"F16\",\"shape\":[4],\"data_offsets\":[8,16]}}";
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer buf = ByteBuffer.allocate(8 + h.length + 16).order(ByteOrder.LITTLE_ENDIAN);
    buf.putLong(h.length).put(h);
    for (int bits : new int[] {0x3F80, 0xC000, 0x3F00, 0x4040, 0x3C00, 0xC000, 0x3800, 0x4200}) buf.putShort((short) bits);
    Files.write(file, buf.array());
    try (NDManager m = NDManager.newBaseManager()) {
      Map<String, NDArray> t = Safetensors.read(file, m, DataType.FLOAT32);
      assertEquals(new Shape(2, 2), t.get("b").getShape());
      assertArrayEquals(new float[] {1, -2, 0.5f, 3}, t.get("b").toFloatArray());
      assertArrayEquals(new float[] {1, -2, 0.5f, 3}, t.get("h").toFloatArray());
    }
  }

  @Test
  void badCheckpointsAreRefusedNamingWhatIsWrong() throws IOException {
    LlamaConfig config = TinyModels.config();
    Path dir = TinyModels.write(tmp.resolve("c"), config, 23);
    IllegalArgumentException exists = assertThrows(IllegalArgumentException.class,
        () -> TinyModels.write(dir, config, 23));
    assertTrue(exists.getMessage().contains("already exists"));
    try (NDManager m = NDManager.newBaseManager()) {
      Map<String, NDArray> tensors = ShardedSafetensors.read(dir, m, DataType.FLOAT32);
      tensors.remove("model.layers.1.mlp.up_proj.weight");
      IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
          () -> LlamaWeights.fromHf(config, tensors, m));
      assertTrue(missing.getMessage().contains("model.layers.1.mlp.up_proj.weight"), missing.getMessage());
    }
    Files.writeString(dir.resolve("config.json"), Files.readString(dir.resolve("config.json"))
        .replace("LlamaForCausalLM", "GPT2LMHeadModel"));
    IllegalArgumentException arch = assertThrows(IllegalArgumentException.class, () -> LlamaConfig.read(dir));
    assertTrue(arch.getMessage().contains("GPT2LMHeadModel") && arch.getMessage().contains("config.json"), arch.getMessage());
  }

  @Test
  void huggingFaceConfigsParse() {
    LlamaConfig qwen = LlamaConfig.parse("""
        {"architectures": ["Qwen2ForCausalLM"], "hidden_size": 896, "intermediate_size": 4864,
         "num_hidden_layers": 24, "num_attention_heads": 14, "num_key_value_heads": 2, "vocab_size": 151936,
         "max_position_embeddings": 32768, "rms_norm_eps": 1e-06, "rope_theta": 1000000.0,
         "tie_word_embeddings": true, "use_sliding_window": false, "eos_token_id": 151643}""", "qwen");
    assertTrue(qwen.qkvBias() && !qwen.outputBias() && qwen.tieWordEmbeddings());
    assertEquals(64, qwen.headDim());
    assertEquals(7, qwen.kvGroups());
    assertEquals(List.of(151643), qwen.eosTokenIds());
    LlamaConfig llama3 = LlamaConfig.parse("""
        {"architectures": ["LlamaForCausalLM"], "hidden_size": 2048, "intermediate_size": 8192,
         "num_hidden_layers": 16, "num_attention_heads": 32, "num_key_value_heads": 8, "vocab_size": 128256,
         "rope_theta": 500000.0, "eos_token_id": [128001, 128008, 128009],
         "rope_scaling": {"factor": 32.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                          "original_max_position_embeddings": 8192, "rope_type": "llama3"}}""", "llama3");
    assertEquals("llama3", llama3.ropeScaling().type());
    assertEquals(llama3, LlamaConfig.parse(llama3.toJson(), "round trip"));
    assertEquals(qwen, LlamaConfig.parse(qwen.toJson(), "round trip"));
  }

  @Test
  void llama3RopeScalingKeepsHighFrequenciesAndDividesLowOnes() {
    LlamaConfig c = LlamaConfig.parse("""
        {"hidden_size": 64, "intermediate_size": 1, "num_hidden_layers": 1, "num_attention_heads": 1,
         "vocab_size": 1, "rope_scaling": {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0,
         "high_freq_factor": 4.0, "original_max_position_embeddings": 8192}}""", "t");
    double[] f = {1.0, 2 * Math.PI / 4096, 2 * Math.PI / 10000}; // wavelengths 6.3, 4096 (medium), 10000
    c.ropeScaling().apply(f);
    assertEquals(1.0, f[0], 1e-12);
    double smooth = (8192 / 4096.0 - 1) / (4 - 1);
    assertEquals((1 - smooth) * (2 * Math.PI / 4096) / 8 + smooth * (2 * Math.PI / 4096), f[1], 1e-12);
    assertEquals(2 * Math.PI / 10000 / 8, f[2], 1e-12);
  }

  private static float[] logits(LlamaModel m) {
    return TinyModels.logits(m, IDS);
  }
}
