package dev.tribunal.worker.djl.train.bench;

import dev.tribunal.worker.djl.bench.Machine;
import dev.tribunal.worker.djl.bench.RuntimeBenchmark;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tribunal.worker.djl.CheckpointWriter;
import dev.tribunal.worker.djl.checkpoint.Lineage;
import dev.tribunal.worker.djl.checkpoint.LlamaConfig;
import dev.tribunal.worker.djl.model.LlamaWeights;
import dev.tribunal.worker.djl.tokenizer.EmbeddedTokenizer;
import dev.tribunal.worker.djl.train.DjlTrainer;
import dev.tribunal.worker.train.Objective;
import dev.tribunal.worker.train.StepMetrics;
import dev.tribunal.worker.train.TrainingConfig;
import dev.tribunal.worker.train.TrainingExample;
import dev.tribunal.worker.train.TrainingResult;
import dev.tribunal.worker.train.TrainingRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Training speed of the DJL engine against this machine's matrix-multiply peak measured in the
 * same run. SFT and DPO run through the public engine ({@link DjlTrainer#train}) on a random model
 * of the embedded seed model's size (models/seed/config.json); each step's wall time comes from
 * the step metrics, the first steps are warm-up and the median step is reported. MFU = 6 x matmul
 * parameters x tokens / time / sgemm peak: forward 2, backward 4 FLOPs per parameter and token. DPO runs the policy only (reference
 * log-probs come precomputed), so it costs the same 6 x parameters per token; its goal is
 * tokens/s at least 0.7 x SFT's.
 *
 * <p>Arguments (all optional): --hidden 192 --layers 4 --heads 6 --kv-heads 3 --intermediate 512
 * --vocab 105 --seq 128 --prompt 32 --batch 32 --steps 7 --warmup 3 --out target/trainer-bench.json
 */
public final class TrainerBenchmark {

  private static final double SFT_MFU_GOAL = 0.25;
  private static final double DPO_RATIO_GOAL = 0.7;

  private final Map<String, String> args;
  private final ObjectMapper json = new ObjectMapper();

  public TrainerBenchmark(Map<String, String> args) {
    this.args = args;
  }

  /** A training engine under measurement: DJL's, or another engine's behind the same call. */
  @FunctionalInterface
  public interface Engine {
    TrainingResult train(TrainingConfig config, List<TrainingExample> examples, TrainingRun run);
  }

  public static void main(String[] argv) throws IOException {
    new TrainerBenchmark(arguments(argv)).run();
  }

  /** "--key value" pairs. */
  public static Map<String, String> arguments(String[] argv) {
    Map<String, String> args = new HashMap<>();
    for (int i = 0; i + 1 < argv.length; i += 2) args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
    return args;
  }

  /** The model measured: the seed's shape unless the arguments say otherwise. */
  public LlamaConfig config() {
    return LlamaConfig.llama(num("vocab", EmbeddedTokenizer.VOCAB_SIZE), num("hidden", 192),
        num("intermediate", 512), num("layers", 4), num("heads", 6), num("kv-heads", 3), Math.max(512, num("seq", 128)));
  }

  private void run() throws IOException {
    ObjectNode report = json.createObjectNode();
    Machine.describe(report.putObject("machine"));
    double before = Machine.sgemmPeak(report.putObject("sgemm_gflops_before"));
    int seq = num("seq", 128);
    LlamaConfig config = config();
    report.set("config", json.readTree(config.toJson()));
    double params = RuntimeBenchmark.matmulParams(config);
    report.put("matmul_params", params);
    System.out.printf("model: hidden %d, layers %d, heads %d/%d kv, intermediate %d, vocab %d: %.2fM matmul params; "
        + "batch %d x seq %d%n", config.hiddenSize(), config.numHiddenLayers(), config.numAttentionHeads(),
        config.numKeyValueHeads(), config.intermediateSize(), config.vocabSize(), params / 1e6, num("batch", 32), seq);
    Path work = Files.createTempDirectory("trainer-bench");
    ObjectNode sft;
    ObjectNode dpo;
    try {
      Path parent = writeParent(config, work.resolve("parent"));
      Engine djl = new DjlTrainer(Device.cpu())::train;
      sft = measure(djl, Objective.SFT, parent, work.resolve("djl"), config, params);
      dpo = measure(djl, Objective.DPO, parent, work.resolve("djl"), config, params);
    } finally {
      deleteRecursively(work);
    }
    // a shared machine can be busy during either measurement: the peak is the better of the two
    double peak = Math.max(before, Machine.sgemmPeak(report.putObject("sgemm_gflops_after")));
    report.put("sgemm_peak_gflops", peak);
    System.out.printf("sgemm peak (best before and after training): %.1f GFLOP/s%n", peak);
    compare(report, sft, dpo, peak);
    Path out = Path.of(args.getOrDefault("out", "target/trainer-bench.json"));
    if (out.toAbsolutePath().getParent() != null) Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, json.writerWithDefaultPrettyPrinter().writeValueAsString(report));
    System.out.println("written " + out.toAbsolutePath());
  }

  public static Path writeParent(LlamaConfig config, Path dir) {
    try (LlamaWeights w = LlamaWeights.random(config, Device.cpu(), DataType.FLOAT32, 1, 0.02)) {
      return CheckpointWriter.write(dir, w, EmbeddedTokenizer::writeTo, new Lineage(null, 0, "benchmark", "none", Map.of()));
    }
  }

  /** MFU of each objective against the peak, and the ratios against the goals. */
  private static void compare(ObjectNode report, ObjectNode sft, ObjectNode dpo, double peak) {
    for (ObjectNode r : List.of(sft, dpo)) {
      double gflops = r.get("model_gflops").asDouble();
      r.put("mfu", gflops / peak);
      r.put("mfu_with_attention", r.get("model_gflops_with_attention").asDouble() / peak);
      System.out.printf("%-4s MFU %5.1f%% (%.1f%% counting attention)%n", r.get("objective").asText(),
          100 * gflops / peak, 100 * r.get("mfu_with_attention").asDouble());
    }
    report.set("sft", sft);
    report.set("dpo", dpo);
    double sftMfu = sft.get("mfu").asDouble();
    double ratio = dpo.get("tokens_per_s").asDouble() / sft.get("tokens_per_s").asDouble();
    report.put("dpo_over_sft_tokens", ratio);
    System.out.printf("%nSFT MFU %.1f%% (goal >= %.0f%%: %s); DPO/SFT tokens/s %.2f (goal >= %.1f: %s)%n",
        100 * sftMfu, 100 * SFT_MFU_GOAL, sftMfu >= SFT_MFU_GOAL ? "meets" : "misses", ratio, DPO_RATIO_GOAL,
        ratio >= DPO_RATIO_GOAL ? "meets" : "misses");
  }

  /** Trains warmup + steps optimizer steps with the engine; times only the steps after the warm-up. */
  public ObjectNode measure(Engine engine, Objective objective, Path parent, Path work, LlamaConfig config,
      double params) {
    int batch = num("batch", 32);
    int warmup = num("warmup", 3);
    int steps = num("steps", 7);
    // a micro-batch holds `batch` sequences either way: DPO's pairs put chosen and rejected side by side
    int examplesPerStep = objective.isPreference() ? Math.max(1, batch / 2) : batch;
    TrainingConfig c = TrainingConfig.builder(objective).learningRate(1e-4).batchSize(examplesPerStep)
        .maxSteps(warmup + steps).build();
    List<TrainingExample> data = data(objective, examplesPerStep * (warmup + steps), config.vocabSize());
    TrainingRun run = new TrainingRun(parent, work.resolve(objective.id()), work.resolve(objective.id() + ".jsonl"), 1);
    TrainingResult result = engine.train(c, data, run);
    List<StepMetrics> timed = result.history().subList(warmup, result.history().size());
    double[] seconds = timed.stream().mapToDouble(StepMetrics::seconds).sorted().toArray();
    double median = seconds[seconds.length / 2];
    double mean = java.util.Arrays.stream(seconds).average().orElseThrow();
    double tokensPerStep = timed.stream().mapToLong(StepMetrics::tokens).average().orElseThrow();
    // the median step: a shared machine's hiccups (another process's burst) land in single steps
    double tps = tokensPerStep / median;
    double gflops = 6 * params * tps / 1e9;
    // causal attention adds 3 x 4 x layers x heads x head_dim x (seq + 1) / 2 FLOPs per token
    double attention = 3 * 4.0 * config.numHiddenLayers() * config.numAttentionHeads() * config.headDim()
        * (num("seq", 128) + 1) / 2.0;
    ObjectNode r = json.createObjectNode();
    r.put("objective", objective.id());
    r.put("steps_timed", timed.size());
    r.put("median_seconds_per_step", median);
    r.put("mean_seconds_per_step", mean);
    r.put("tokens_per_step", tokensPerStep);
    r.put("tokens_per_s", tps);
    r.put("model_gflops", gflops);
    r.put("model_gflops_with_attention", (6 * params + attention) * tps / 1e9);
    r.put("skipped_batches", result.skippedBatches());
    System.out.printf("%-4s %2d steps: median %6.3f s/step (mean %6.3f), %8.0f tokens/s, %6.1f GFLOP/s%n",
        objective.id(), timed.size(), median, mean, tps, gflops);
    return r;
  }

  /**
   * Fixed-length sequences (no padding, so every token counted is computed): a prompt of
   * --prompt tokens and a response filling the rest of --seq. DPO's reference log-probs are
   * plausible constants (about ln(vocab) nats per token): the benchmark times the policy only.
   */
  private List<TrainingExample> data(Objective objective, int n, int vocab) {
    int seq = num("seq", 128);
    int prompt = num("prompt", 32);
    SplittableRandom rng = new SplittableRandom(3);
    List<TrainingExample> out = new ArrayList<>();
    double ref = -(seq - prompt) * Math.log(vocab);
    for (int i = 0; i < n; i++) {
      int[] p = rng.ints(prompt, 8, vocab).toArray();
      int[] chosen = rng.ints(seq - prompt, 8, vocab).toArray();
      out.add(objective.isPreference()
          ? TrainingExample.preference(p, chosen, rng.ints(seq - prompt, 8, vocab).toArray(), ref, ref)
          : TrainingExample.sft(p, chosen));
    }
    return out;
  }

  public static void deleteRecursively(Path dir) throws IOException {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private int num(String key, int dflt) {
    return Integer.parseInt(args.getOrDefault(key, String.valueOf(dflt)));
  }
}
