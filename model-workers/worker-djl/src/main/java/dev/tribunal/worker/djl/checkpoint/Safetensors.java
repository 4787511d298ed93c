package dev.tribunal.worker.djl.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads and writes the safetensors format: an 8-byte little-endian header length, a JSON header
 * (name to dtype, shape, byte offsets) and the raw tensor bytes. Written here rather than through
 * NDList.decode because DJL 0.35.1 aborts the JVM on BF16 tensors, the usual dtype of released
 * Llama checkpoints; BF16 is widened to FP32 in Java instead.
 */
public final class Safetensors {

  /** Tensors are materialised in row chunks of at most this many FP32 bytes (direct buffers are int-indexed). */
  private static final long CHUNK_BYTES = 256L << 20;
  private static final long MAX_HEADER = 100L << 20;

  private Safetensors() {}

  /** Every tensor of one file, converted to {@code target} on the manager's device, in file order. */
  public static Map<String, NDArray> read(Path file, NDManager manager, DataType target) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      JsonNode header = header(ch, file);
      long base = 8 + readFully(ch, 0, 8).getLong(0);
      Map<String, NDArray> out = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getKey().equals("__metadata__")) {
          out.put(e.getKey(), tensor(ch, base, size, file + ":" + e.getKey(), e.getValue(), manager, target));
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** The dtypes the file stores ("F32", "F16", "BF16"), from its header alone. */
  public static Set<String> dtypes(Path file) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      Set<String> out = new TreeSet<>();
      header(ch, file).fields().forEachRemaining(e -> {
        if (!e.getKey().equals("__metadata__")) out.add(e.getValue().path("dtype").asText());
      });
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static JsonNode header(FileChannel ch, Path file) throws IOException {
    long headerLen = readFully(ch, 0, 8).getLong(0);
    if (headerLen <= 0 || headerLen > MAX_HEADER || headerLen > ch.size() - 8) {
      throw new IllegalArgumentException(file + ": not a safetensors file (header length " + headerLen + ")");
    }
    return LlamaConfig.JSON.readTree(StandardCharsets.UTF_8.decode(readFully(ch, 8, (int) headerLen)).toString());
  }

  /** Writes FP32 or FP16 tensors in the given order, with the metadata transformers expects. */
  public static void write(Path file, Map<String, NDArray> tensors) {
    ObjectNode header = LlamaConfig.JSON.createObjectNode();
    header.putObject("__metadata__").put("format", "pt");
    long offset = 0;
    for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
      NDArray a = e.getValue();
      String dtype = switch (a.getDataType()) {
        case FLOAT32 -> "F32";
        case FLOAT16 -> "F16";
        default -> throw new IllegalArgumentException(
            "tensor " + e.getKey() + ": cannot write dtype " + a.getDataType() + " (FP32 or FP16 only)");
      };
      long bytes = a.size() * a.getDataType().getNumOfBytes();
      ObjectNode t = header.putObject(e.getKey());
      t.put("dtype", dtype);
      for (long d : a.getShape().getShape()) t.withArray("shape").add(d);
      t.putArray("data_offsets").add(offset).add(offset + bytes);
      offset += bytes;
    }
    StringBuilder json = new StringBuilder(header.toString());
    while (json.length() % 8 != 0) json.append(' '); // the format pads the header to 8 bytes
    byte[] h = json.toString().getBytes(StandardCharsets.UTF_8);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      writeFully(ch, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, h.length));
      writeFully(ch, ByteBuffer.wrap(h));
      for (NDArray a : tensors.values()) writeFully(ch, a.toByteBuffer());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static NDArray tensor(FileChannel ch, long base, long fileSize, String where, JsonNode spec,
      NDManager manager, DataType target) throws IOException {
    String dtype = spec.path("dtype").asText();
    int width = switch (dtype) {
      case "F32" -> 4;
      case "F16", "BF16" -> 2;
      default -> throw new IllegalArgumentException(where + ": unsupported dtype " + dtype + " (F32, F16, BF16)");
    };
    long[] shape = new long[spec.path("shape").size()];
    for (int i = 0; i < shape.length; i++) shape[i] = spec.path("shape").get(i).asLong();
    long numel = new Shape(shape).size();
    long begin = spec.path("data_offsets").path(0).asLong(-1);
    long end = spec.path("data_offsets").path(1).asLong(-1);
    if (begin < 0 || end - begin != numel * width || base + end > fileSize) {
      throw new IllegalArgumentException(where + ": data_offsets [" + begin + ", " + end
          + "] do not fit shape " + new Shape(shape) + " of " + dtype + " in a file of " + fileSize + " bytes");
    }
    long rows = shape.length == 0 ? 1 : shape[0];
    long rowElems = rows == 0 ? 0 : numel / rows;
    long chunkRows = Math.max(1, CHUNK_BYTES / Math.max(1, rowElems * 4));
    NDList parts = new NDList();
    for (long r = 0; r < rows || parts.isEmpty(); r += chunkRows) {
      long n = Math.min(chunkRows, rows - r);
      long[] partShape = shape.clone();
      if (partShape.length > 0) partShape[0] = n;
      ByteBuffer region = ch.map(FileChannel.MapMode.READ_ONLY, base + begin + r * rowElems * width,
          n * rowElems * width).order(ByteOrder.LITTLE_ENDIAN);
      parts.add(chunk(region, dtype, new Shape(partShape), manager, target));
    }
    NDArray out = parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 0);
    if (parts.size() > 1) parts.close();
    return out;
  }

  /** One chunk, copied out of the file mapping so the tensor owns its memory (it may also be trained in place). */
  private static NDArray chunk(ByteBuffer region, String dtype, Shape shape, NDManager manager, DataType target) {
    ByteBuffer data = region;
    DataType stored = "F16".equals(dtype) ? DataType.FLOAT16 : DataType.FLOAT32;
    if ("BF16".equals(dtype)) { // bf16 is the upper half of an fp32
      int n = region.remaining() / 2;
      data = ByteBuffer.allocateDirect(n * 4).order(ByteOrder.nativeOrder());
      for (int i = 0; i < n; i++) data.putInt(i * 4, (region.getShort(i * 2) & 0xFFFF) << 16);
    }
    // On CPU, create() aliases the buffer and toType() to the same dtype returns that alias:
    // duplicate so the tensor never points into a mapping (or buffer) that is later freed.
    try (NDArray raw = manager.create(data, shape, stored)) {
      return stored == target ? raw.duplicate() : raw.toType(target, false);
    }
  }

  private static ByteBuffer readFully(FileChannel ch, long position, int length) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    while (buf.hasRemaining()) {
      if (ch.read(buf, position + buf.position()) < 0) throw new IOException("unexpected end of file");
    }
    return buf.flip();
  }

  private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
    while (buf.hasRemaining()) ch.write(buf);
  }
}
