package dev.tribunal.worker.nd4j.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ai.djl.Device;
import dev.tribunal.worker.djl.bench.Machine;
import dev.tribunal.worker.djl.bench.RuntimeBenchmark;
import dev.tribunal.worker.djl.checkpoint.LlamaConfig;
import dev.tribunal.worker.djl.train.DjlTrainer;
import dev.tribunal.worker.djl.train.bench.TrainerBenchmark;
import dev.tribunal.worker.nd4j.Nd4jBackend;
import dev.tribunal.worker.nd4j.train.Nd4jTrainer;
import dev.tribunal.worker.train.Objective;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The two training engines side by side: SFT and DPO tokens/s of the DJL engine and the ND4J
 * engine on the same random model (the embedded seed's size unless told otherwise) and the same
 * batches, each step timed as {@link TrainerBenchmark} times the DJL engine alone, with MFU
 * against the machine's sgemm peak measured in the same run (PyTorch's, before and after), and
 * ND4J's own sgemm beside it. The engines alternate for --rounds rounds (default 2) and each
 * keeps its best. The goal: ND4J's SFT tokens/s at least half of DJL's.
 *
 * <p>Arguments: those of {@link TrainerBenchmark} (--hidden --layers --heads --kv-heads
 * --intermediate --vocab --seq --prompt --batch --steps --warmup), and --out
 * (default target/engine-bench.json).
 */
public final class EngineBenchmark {

  private static final double SFT_RATIO_GOAL = 0.5;

  private EngineBenchmark() {}

  public static void main(String[] argv) throws IOException {
    Map<String, String> args = TrainerBenchmark.arguments(argv);
    TrainerBenchmark bench = new TrainerBenchmark(args);
    ObjectMapper json = new ObjectMapper();
    ObjectNode report = json.createObjectNode();
    Machine.describe(report.putObject("machine"));
    report.put("nd4j_backend", Nd4jBackend.require());
    report.put("omp_num_threads", String.valueOf(System.getenv("OMP_NUM_THREADS")));
    double before = Machine.sgemmPeak(report.putObject("sgemm_gflops_before"));
    report.put("nd4j_sgemm_gflops", nd4jSgemm());
    LlamaConfig config = bench.config();
    double params = RuntimeBenchmark.matmulParams(config);
    report.put("matmul_params", params);
    System.out.printf("model: hidden %d, layers %d, heads %d/%d kv, intermediate %d, vocab %d: %.2fM matmul params%n",
        config.hiddenSize(), config.numHiddenLayers(), config.numAttentionHeads(), config.numKeyValueHeads(),
        config.intermediateSize(), config.vocabSize(), params / 1e6);
    Path work = Files.createTempDirectory("engine-bench");
    try {
      Path parent = TrainerBenchmark.writeParent(config, work.resolve("parent"));
      Map<String, TrainerBenchmark.Engine> engines = Map.of("djl", new DjlTrainer(Device.cpu())::train,
          "nd4j", new Nd4jTrainer()::train);
      // the engines take turns, round after round, and each keeps its best round: on a shared
      // machine another process's burst then costs both engines alike, or neither
      int rounds = Integer.parseInt(args.getOrDefault("rounds", "2"));
      for (int r = 0; r < rounds; r++) {
        for (Objective o : new Objective[] {Objective.SFT, Objective.DPO}) {
          for (String engine : new String[] {"djl", "nd4j"}) {
            System.out.print("round " + (r + 1) + " " + engine + " ");
            ObjectNode m = bench.measure(engines.get(engine), o, parent, work.resolve(engine + r), config, params);
            ObjectNode e = report.has(engine) ? (ObjectNode) report.get(engine) : report.putObject(engine);
            JsonNode best = e.get(o.id());
            if (best == null || m.get("tokens_per_s").asDouble() > best.get("tokens_per_s").asDouble()) e.set(o.id(), m);
          }
        }
      }
    } finally {
      TrainerBenchmark.deleteRecursively(work);
    }
    double peak = Math.max(before, Machine.sgemmPeak(report.putObject("sgemm_gflops_after")));
    report.put("sgemm_peak_gflops", peak);
    System.out.printf("%nsgemm peak (PyTorch, best before and after): %.1f GFLOP/s; ND4J sgemm %.1f GFLOP/s%n", peak,
        report.get("nd4j_sgemm_gflops").asDouble());
    for (String engine : new String[] {"djl", "nd4j"}) {
      for (String o : new String[] {"sft", "dpo"}) {
        ObjectNode r = (ObjectNode) report.get(engine).get(o);
        r.put("mfu", r.get("model_gflops").asDouble() / peak);
        System.out.printf("%-5s %-4s %8.0f tokens/s  MFU %5.1f%%%n", engine, o, r.get("tokens_per_s").asDouble(),
            100 * r.get("mfu").asDouble());
      }
    }
    for (String o : new String[] {"sft", "dpo"}) {
      double ratio = report.get("nd4j").get(o).get("tokens_per_s").asDouble()
          / report.get("djl").get(o).get("tokens_per_s").asDouble();
      report.put(o + "_nd4j_over_djl", ratio);
      System.out.printf("%s ND4J/DJL tokens/s %.2f%s%n", o.toUpperCase(), ratio, o.equals("sft")
          ? String.format(" (goal >= %.1f: %s)", SFT_RATIO_GOAL, ratio >= SFT_RATIO_GOAL ? "meets" : "misses") : "");
    }
    Path out = Path.of(args.getOrDefault("out", "target/engine-bench.json"));
    if (out.toAbsolutePath().getParent() != null) Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, json.writerWithDefaultPrettyPrinter().writeValueAsString(report));
    System.out.println("written " + out.toAbsolutePath());
  }

  /** ND4J's best square sgemm over the sizes the DJL peak uses, for reference beside it. */
  private static double nd4jSgemm() {
    double best = 0;
    for (int n : new int[] {256, 512, 1024}) {
      INDArray a = Nd4j.randn(DataType.FLOAT, n, n);
      INDArray b = Nd4j.randn(DataType.FLOAT, n, n);
      INDArray c = Nd4j.create(DataType.FLOAT, n, n);
      double sec = Double.MAX_VALUE;
      for (int r = 0; r < 3 + 20 * 256 / n; r++) {
        long t = System.nanoTime();
        Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
        sec = Math.min(sec, (System.nanoTime() - t) / 1e9);
      }
      best = Math.max(best, 2.0 * n * n * n / sec / 1e9);
    }
    return best;
  }
}
