package dev.tribunal.jobs.stages;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tribunal.worker.djl.checkpoint.LlamaConfig;
import dev.tribunal.worker.djl.model.LlamaWeights;
import dev.tribunal.worker.djl.tokenizer.EmbeddedTokenizer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

/**
 * A tiny random-weight Llama checkpoint in Hugging Face layout, written byte by byte (safetensors:
 * an 8-byte little-endian header length, a JSON header, then the FP32 data), so spark-jobs tests get
 * a real model for the in-JVM runtime without handling a tensor themselves.
 */
public final class TinyCheckpoint {
  private TinyCheckpoint() {}

  public static Path write(Path dir, long seed) throws IOException {
    Files.createDirectories(dir);
    LlamaConfig config = LlamaConfig.llama(EmbeddedTokenizer.VOCAB_SIZE, 32, 64, 2, 4, 2, 256);
    config.write(dir);
    EmbeddedTokenizer.writeTo(dir);
    Map<String, long[]> shapes = LlamaWeights.hfShapes(config);
    ObjectNode header = new ObjectMapper().createObjectNode();
    header.putObject("__metadata__").put("format", "pt");
    long offset = 0;
    for (Map.Entry<String, long[]> e : shapes.entrySet()) {
      long bytes = 4 * count(e.getValue());
      ObjectNode t = header.putObject(e.getKey());
      t.put("dtype", "F32");
      for (long d : e.getValue()) t.withArray("shape").add(d);
      t.putArray("data_offsets").add(offset).add(offset + bytes);
      offset += bytes;
    }
    StringBuilder json = new StringBuilder(header.toString());
    while (json.length() % 8 != 0) json.append(' ');
    byte[] h = json.toString().getBytes(StandardCharsets.UTF_8);
    Random random = new Random(seed);
    try (OutputStream out = Files.newOutputStream(dir.resolve("model.safetensors"))) {
      out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
      out.write(h);
      for (Map.Entry<String, long[]> e : shapes.entrySet()) {
        boolean norm = e.getKey().endsWith("norm.weight");
        ByteBuffer data = ByteBuffer.allocate((int) (4 * count(e.getValue()))).order(ByteOrder.LITTLE_ENDIAN);
        while (data.hasRemaining()) data.putFloat(norm ? 1f : (float) (0.3 * random.nextGaussian()));
        out.write(data.array());
      }
    }
    return dir;
  }

  private static long count(long[] shape) {
    long n = 1;
    for (long d : shape) n *= d;
    return n;
  }
}
