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
import java.util.function.Supplier;

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
    return readAll(file, (ch, e) -> tensor(ch, e, manager, target));
  }

  /**
   * Every tensor of one file as FP32 host arrays, in file order: for an engine other than DJL,
   * which copies them onto its own device.
   */
  public static Map<String, HostTensor> readHost(Path file) {
    return readAll(file, Safetensors::host);
  }

  /** Reads one tensor given its checked place in the file. */
  private interface EntryReader<T> {
    T read(FileChannel ch, Entry e) throws IOException;
  }

  private static <T> Map<String, T> readAll(Path file, EntryReader<T> reader) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      JsonNode header = header(ch, file);
      long base = 8 + readFully(ch, 0, 8).getLong(0);
      Map<String, T> out = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getKey().equals("__metadata__")) {
          out.put(e.getKey(), reader.read(ch, Entry.of(file + ":" + e.getKey(), e.getValue(), base, size)));
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
    Map<String, Stored> stored = new LinkedHashMap<>();
    for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
      NDArray a = e.getValue();
      String dtype = switch (a.getDataType()) {
        case FLOAT32 -> "F32";
        case FLOAT16 -> "F16";
        default -> throw new IllegalArgumentException(
            "tensor " + e.getKey() + ": cannot write dtype " + a.getDataType() + " (FP32 or FP16 only)");
      };
      stored.put(e.getKey(), new Stored(dtype, a.getShape().getShape(), a::toByteBuffer));
    }
    writeAll(file, stored);
  }

  /** Writes FP32 host arrays in the given order, as {@link #write} does device arrays. */
  public static void writeHost(Path file, Map<String, HostTensor> tensors) {
    Map<String, Stored> stored = new LinkedHashMap<>();
    tensors.forEach((name, t) -> stored.put(name, new Stored("F32", t.shape(), t::littleEndianBytes)));
    writeAll(file, stored);
  }

  /** A tensor to write: its safetensors dtype, shape, and its bytes in file order, made when written. */
  private record Stored(String dtype, long[] shape, Supplier<ByteBuffer> bytes) {
    long size() {
      long n = "F32".equals(dtype) ? 4 : 2;
      for (long d : shape) n *= d;
      return n;
    }
  }

  private static void writeAll(Path file, Map<String, Stored> tensors) {
    ObjectNode header = LlamaConfig.JSON.createObjectNode();
    header.putObject("__metadata__").put("format", "pt");
    long offset = 0;
    for (Map.Entry<String, Stored> e : tensors.entrySet()) {
      long bytes = e.getValue().size();
      ObjectNode t = header.putObject(e.getKey());
      t.put("dtype", e.getValue().dtype());
      for (long d : e.getValue().shape()) t.withArray("shape").add(d);
      t.putArray("data_offsets").add(offset).add(offset + bytes);
      offset += bytes;
    }
    StringBuilder json = new StringBuilder(header.toString());
    while (json.length() % 8 != 0) json.append(' '); // the format pads the header to 8 bytes
    byte[] h = json.toString().getBytes(StandardCharsets.UTF_8);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      writeFully(ch, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, h.length));
      writeFully(ch, ByteBuffer.wrap(h));
      for (Stored t : tensors.values()) writeFully(ch, t.bytes().get());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** One tensor's place in a file, checked against its shape and the file's size. */
  private record Entry(String where, String dtype, int width, long[] shape, long numel, long offset) {

    static Entry of(String where, JsonNode spec, long base, long fileSize) {
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
      return new Entry(where, dtype, width, shape, numel, base + begin);
    }

    long rows() {
      return shape.length == 0 ? 1 : shape[0];
    }

    long rowElems() {
      return rows() == 0 ? 0 : numel / rows();
    }

    /** Rows r..r+n of the tensor, little-endian, mapped from the file. */
    ByteBuffer region(FileChannel ch, long r, long n) throws IOException {
      return ch.map(FileChannel.MapMode.READ_ONLY, offset + r * rowElems() * width, n * rowElems() * width)
          .order(ByteOrder.LITTLE_ENDIAN);
    }
  }

  /** A tensor as FP32 host values: F16 and BF16 widen without loss. */
  private static HostTensor host(FileChannel ch, Entry e) throws IOException {
    if (e.numel() > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(e.where() + ": " + e.numel() + " elements do not fit one host array");
    }
    float[] out = new float[(int) e.numel()];
    long chunkRows = Math.max(1, CHUNK_BYTES / Math.max(1, e.rowElems() * 4));
    for (long r = 0; r < e.rows(); r += chunkRows) {
      long n = Math.min(chunkRows, e.rows() - r);
      ByteBuffer region = e.region(ch, r, n);
      int at = (int) (r * e.rowElems());
      int count = (int) (n * e.rowElems());
      for (int i = 0; i < count; i++) out[at + i] = switch (e.dtype()) {
        case "F32" -> region.getFloat(i * 4);
        case "BF16" -> Float.intBitsToFloat((region.getShort(i * 2) & 0xFFFF) << 16);
        default -> HostTensor.halfToFloat(region.getShort(i * 2));
      };
    }
    return new HostTensor(e.shape(), out);
  }

  private static NDArray tensor(FileChannel ch, Entry e, NDManager manager, DataType target) throws IOException {
    long chunkRows = Math.max(1, CHUNK_BYTES / Math.max(1, e.rowElems() * 4));
    NDList parts = new NDList();
    for (long r = 0; r < e.rows() || parts.isEmpty(); r += chunkRows) {
      long n = Math.min(chunkRows, e.rows() - r);
      long[] partShape = e.shape().clone();
      if (partShape.length > 0) partShape[0] = n;
      parts.add(chunk(e.region(ch, r, n), e.dtype(), new Shape(partShape), manager, target));
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
