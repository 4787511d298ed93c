package dev.tribunal.worker.djl.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tribunal.worker.SamplingParams;
import dev.tribunal.worker.djl.CheckpointWriter;
import dev.tribunal.worker.djl.LoadedModel;
import dev.tribunal.worker.djl.checkpoint.Lineage;
import dev.tribunal.worker.djl.checkpoint.LlamaConfig;
import dev.tribunal.worker.djl.inference.Generator;
import dev.tribunal.worker.djl.inference.Scorer;
import dev.tribunal.worker.djl.model.LlamaWeights;
import dev.tribunal.worker.djl.tokenizer.EmbeddedTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Speed of the in-JVM runtime against this machine's own matrix-multiply peak, measured in the
 * same run: sgemm GFLOP/s through DJL, then scoring (full forward + log-softmax, the path of
 * score and of reference log-probs) and sampled decoding with the KV cache at several batch sizes,
 * on a model of the embedded size with random weights. MFU = model FLOP/s / sgemm FLOP/s, with
 * model FLOPs = 2 x matmul parameters per token + 4 x layers x heads x head_dim x context for attention.
 *
 * <p>Arguments (all optional): --hidden 256 --layers 4 --heads 8 --kv-heads 4 --intermediate 688
 * --seq 128 --prompt 9 --batches 1,8,32,64 --reps 3 --out target/runtime-bench.json
 */
public final class RuntimeBenchmark {

  private static final double SCORE_GOAL = 0.25;
  private static final double DECODE_GOAL = 0.10;

  private final Map<String, String> args;
  private final int seq;
  private final int promptLen;
  private final int reps;

  private RuntimeBenchmark(Map<String, String> args) {
    this.args = args;
    this.seq = num("seq", 128);
    this.promptLen = num("prompt", 9);
    this.reps = num("reps", 3);
  }

  public static void main(String[] argv) throws IOException {
    Map<String, String> args = new HashMap<>();
    for (int i = 0; i + 1 < argv.length; i += 2) args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
    new RuntimeBenchmark(args).run();
  }

  private void run() throws IOException {
    ObjectNode report = new ObjectMapper().createObjectNode();
    Machine.describe(report.putObject("machine"));
    double peak = Machine.sgemmPeak(report.putObject("sgemm_gflops"));
    System.out.printf("sgemm peak (best n): %.1f GFLOP/s%n%n", peak);
    report.put("sgemm_peak_gflops", peak);
    LlamaConfig config = LlamaConfig.llama(EmbeddedTokenizer.VOCAB_SIZE, num("hidden", 256), num("intermediate", 688),
        num("layers", 4), num("heads", 8), num("kv-heads", 4), Math.max(512, 2 * seq));
    report.set("config", new ObjectMapper().readTree(config.toJson()));
    Path dir = Files.createTempDirectory("runtime-bench").resolve("model");
    try (LlamaWeights w = LlamaWeights.random(config, Device.cpu(), DataType.FLOAT32, 1, 0.02)) {
      CheckpointWriter.write(dir, w, EmbeddedTokenizer::writeTo, new Lineage(null, 0, "benchmark", "none", Map.of()));
    }
    System.out.printf("model: hidden %d, layers %d, heads %d/%d kv, intermediate %d, vocab %d: %.2fM matmul params%n",
        config.hiddenSize(), config.numHiddenLayers(), config.numAttentionHeads(), config.numKeyValueHeads(),
        config.intermediateSize(), config.vocabSize(), matmulParams(config) / 1e6);
    System.out.printf("%6s | %12s %9s %7s | %12s %9s %7s%n", "batch", "score tok/s", "GFLOP/s", "MFU",
        "decode tok/s", "GFLOP/s", "MFU");
    ArrayNode rows = report.putArray("results");
    try (LoadedModel model = LoadedModel.load("bench", dir, Device.cpu()); NDManager m = NDManager.newBaseManager()) {
      for (String b : args.getOrDefault("batches", "1,8,32,64").split(",")) {
        rows.add(row(model, m, Integer.parseInt(b.trim()), peak));
      }
    }
    Path out = Path.of(args.getOrDefault("out", "target/runtime-bench.json"));
    if (out.getParent() != null) Files.createDirectories(out.getParent());
    Files.writeString(out, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(report));
    System.out.println("\nwritten " + out.toAbsolutePath());
  }

  private ObjectNode row(LoadedModel model, NDManager m, int batch, double peak) {
    LlamaConfig c = model.model().config();
    Scorer scorer = new Scorer(model.model(), m, 0, batch * seq);
    SplittableRandom rng = new SplittableRandom(batch);
    List<int[]> seqs = new ArrayList<>();
    for (int b = 0; b < batch; b++) seqs.add(rng.ints(seq, 8, c.vocabSize()).toArray());
    int[] starts = new int[batch];
    Arrays.fill(starts, 1);
    double scoreSec = best(() -> scorer.continuationLogprobs(seqs, starts));
    double scoreFlops = batch * (2.0 * matmulParams(c) * seq + attention(c) * seq * (seq + 1) / 2.0);

    Generator gen = new Generator(model.model(), m, model.tokenizer()::decode, Set.of(), 0, batch, 4096);
    int newTokens = seq - promptLen;
    SamplingParams p = new SamplingParams(1, 1.0, 0.95, 0, newTokens, List.of(), List.of(), 7, false);
    List<Generator.Sequence> prompts = new ArrayList<>();
    for (int b = 0; b < batch; b++) prompts.add(new Generator.Sequence(rng.ints(promptLen, 8, c.vocabSize()).toArray(), p, b));
    double decodeSec = best(() -> gen.generate(prompts));
    double decodeFlops = batch * (2.0 * matmulParams(c) * seq + attention(c) * seq * (seq + 1) / 2.0);

    double scoreTps = batch * seq / scoreSec;
    double decodeTps = batch * newTokens / decodeSec;
    double scoreMfu = scoreFlops / scoreSec / 1e9 / peak;
    double decodeMfu = decodeFlops / decodeSec / 1e9 / peak;
    System.out.printf("%6d | %12.0f %9.1f %6.1f%% | %12.0f %9.1f %6.1f%%%s%n", batch, scoreTps, scoreFlops / scoreSec / 1e9,
        100 * scoreMfu, decodeTps, decodeFlops / decodeSec / 1e9, 100 * decodeMfu, goals(batch, scoreMfu, decodeMfu));
    ObjectNode r = new ObjectMapper().createObjectNode();
    r.put("batch", batch);
    r.put("score_tokens_per_s", scoreTps);
    r.put("score_mfu", scoreMfu);
    r.put("decode_tokens_per_s", decodeTps);
    r.put("decode_mfu", decodeMfu);
    r.put("decode_seconds", decodeSec);
    r.put("score_seconds", scoreSec);
    return r;
  }

  private static String goals(int batch, double scoreMfu, double decodeMfu) {
    String s = "   score " + (scoreMfu >= SCORE_GOAL ? "meets" : "misses") + " 25%";
    if (batch >= 32) s += ", decode " + (decodeMfu >= DECODE_GOAL ? "meets" : "misses") + " 10%";
    return s;
  }

  /**
   * Weights that take part in a matrix multiply per token: every projection and the LM head (not
   * the embedding lookup). The trainer benchmark counts its FLOPs with it too.
   */
  public static double matmulParams(LlamaConfig c) {
    double h = c.hiddenSize();
    double q = (double) c.numAttentionHeads() * c.headDim();
    double kv = (double) c.numKeyValueHeads() * c.headDim();
    return c.numHiddenLayers() * (h * (q + 2 * kv) + q * h + 3 * h * c.intermediateSize()) + h * c.vocabSize();
  }

  /** Attention FLOPs per (query, key) pair over all layers: QK^T and PV, 2 FLOPs per multiply-add each. */
  static double attention(LlamaConfig c) {
    return 4.0 * c.numHiddenLayers() * c.numAttentionHeads() * c.headDim();
  }

  private double best(Runnable work) {
    work.run(); // warm-up: first-call allocations and JIT
    double best = Double.MAX_VALUE;
    for (int r = 0; r < reps; r++) {
      long t = System.nanoTime();
      work.run();
      best = Math.min(best, (System.nanoTime() - t) / 1e9);
    }
    return best;
  }

  private int num(String key, int dflt) {
    return Integer.parseInt(args.getOrDefault(key, String.valueOf(dflt)));
  }
}
