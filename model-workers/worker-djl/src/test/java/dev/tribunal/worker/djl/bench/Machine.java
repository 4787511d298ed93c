package dev.tribunal.worker.djl.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Facts about this machine and its matrix-multiply peak through DJL. */
public final class Machine {

  private Machine() {}

  public static void describe(ObjectNode out) {
    String cpu = "unknown";
    String flags = "";
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name") && cpu.equals("unknown")) cpu = line.substring(line.indexOf(':') + 1).trim();
        if (line.startsWith("flags") && flags.isEmpty()) flags = line + " ";
      }
    } catch (IOException e) {
      // not Linux: the CPU stays unknown
    }
    List<String> simd = new ArrayList<>();
    for (String f : new String[] {"avx2", "fma", "avx512f", "avx512_bf16", "amx_tile"}) {
      if (flags.contains(" " + f + " ")) simd.add(f);
    }
    int cores = Runtime.getRuntime().availableProcessors();
    System.out.printf("cores: %d, CPU: %s, SIMD: %s, torch threads: %s%n", cores, cpu, simd,
        System.getProperty("ai.djl.pytorch.num_threads", "default"));
    out.put("cores", cores);
    out.put("cpu", cpu);
    out.put("simd", String.join(",", simd));
  }

  /** Best square sgemm over a few sizes: the reference MFU divides by. */
  public static double sgemmPeak(ObjectNode out) {
    double best = 0;
    try (NDManager m = NDManager.newBaseManager()) {
      for (int n : new int[] {256, 512, 1024}) {
        NDArray a = m.randomNormal(new Shape(n, n));
        NDArray b = m.randomNormal(new Shape(n, n));
        double sec = Double.MAX_VALUE;
        for (int r = 0; r < 3 + 20 * 256 / n; r++) { // the first runs warm up
          long t = System.nanoTime();
          a.matMul(b).close();
          sec = Math.min(sec, (System.nanoTime() - t) / 1e9);
        }
        double gflops = 2.0 * n * n * n / sec / 1e9;
        System.out.printf("sgemm n=%d: %.1f GFLOP/s%n", n, gflops);
        out.put(String.valueOf(n), gflops);
        best = Math.max(best, gflops);
      }
    }
    return best;
  }
}
