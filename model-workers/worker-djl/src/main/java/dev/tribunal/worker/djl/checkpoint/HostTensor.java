package dev.tribunal.worker.djl.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A tensor as FP32 values on the Java heap, row-major, with its shape: how checkpoint tensors
 * reach an engine other than DJL (which copies them onto its own device) and come back from it.
 */
public record HostTensor(long[] shape, float[] data) {

  public HostTensor {
    long n = 1;
    for (long d : shape) n *= d;
    if (n != data.length) {
      throw new IllegalArgumentException("tensor of shape " + Arrays.toString(shape) + " needs " + n
          + " values, has " + data.length);
    }
  }

  /** The values as the safetensors format stores F32: little-endian. */
  ByteBuffer littleEndianBytes() {
    ByteBuffer out = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    out.asFloatBuffer().put(data);
    return out;
  }

  /** IEEE 754 half precision to single (Float.float16ToFloat arrives only in Java 20). */
  static float halfToFloat(short half) {
    int h = half & 0xFFFF;
    int sign = (h & 0x8000) << 16;
    int exp = (h >>> 10) & 0x1F;
    int mant = h & 0x3FF;
    if (exp == 0x1F) return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13)); // inf, NaN
    if (exp == 0) { // zero or subnormal: mant · 2^-24
      float v = mant * 0x1p-24f;
      return sign == 0 ? v : -v;
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }
}
