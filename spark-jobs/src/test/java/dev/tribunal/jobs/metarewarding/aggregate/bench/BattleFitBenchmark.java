package dev.tribunal.jobs.metarewarding.aggregate.bench;

import dev.tribunal.jobs.metarewarding.aggregate.BradleyTerryFit;
import dev.tribunal.jobs.metarewarding.aggregate.RandomBattleMatrices;
import dev.tribunal.jobs.metarewarding.aggregate.ReferenceBradleyTerry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Bradley-Terry fits per second on one thread, for the battle matrices a meta-judge produces
 * (N = 4 and N = 8 judgments per response), against the goal of 100k 8×8 fits/s per core and
 * against the plain gradient-ascent reference timed in the same run; plus the largest rating
 * difference from that reference (must stay within 1e-6).
 *
 * <p>Run after {@code mvn -o -q -pl spark-jobs -am test-compile}:
 * <pre>
 *   java -cp spark-jobs/target/classes:spark-jobs/target/test-classes \
 *       dev.tribunal.jobs.metarewarding.aggregate.bench.BattleFitBenchmark [result.json]
 * </pre>
 */
public final class BattleFitBenchmark {

  private static final double GOAL_8X8_FITS_PER_SECOND = 100_000;
  /** Quoted, not measured here: a batched NumPy Newton on one core (notes/performance.md). */
  private static final double NUMPY_8X8_FITS_PER_SECOND = 37_000;
  private static final double NUMPY_4X4_FITS_PER_SECOND = 109_000;

  private static final int MATRICES = 8192;
  private static final int WARMUP_ROUNDS = 20;
  private static final int MEASURED_ROUNDS = 15;
  private static final int REFERENCE_MATRICES = 300;
  private static final double AGREEMENT_LIMIT = 1e-6;

  private BattleFitBenchmark() {
  }

  record Result(int players, int matrices, double separableShare, double fitsPerSecondBest,
          double fitsPerSecondMedian, double meanIterations, int maxIterations,
          double referenceFitsPerSecond, int agreementChecked, double maxDifferenceNonSeparable,
          double maxDifferenceAll) {
  }

  public static void main(String[] args) throws IOException {
    String machine = machineFacts();
    System.out.println(machine);
    List<Result> results = new ArrayList<>();
    for (int players : new int[] {4, 8}) {
      results.add(measure(players, new Random(1000 + players)));
    }
    for (Result result : results) {
      print(result);
    }
    Result eight = results.get(1);
    Result four = results.get(0);
    System.out.printf(Locale.ROOT, "goal: %.0f 8x8 fits/s/core -> %.2fx of goal (%s)%n",
        GOAL_8X8_FITS_PER_SECOND, eight.fitsPerSecondBest / GOAL_8X8_FITS_PER_SECOND,
        eight.fitsPerSecondBest >= GOAL_8X8_FITS_PER_SECOND ? "met" : "NOT met");
    System.out.printf(Locale.ROOT, "quoted batched NumPy Newton (not measured here): 8x8 %.2fx, 4x4 %.2fx%n",
        eight.fitsPerSecondBest / NUMPY_8X8_FITS_PER_SECOND, four.fitsPerSecondBest / NUMPY_4X4_FITS_PER_SECOND);
    boolean agrees = results.stream().allMatch(r -> r.maxDifferenceNonSeparable <= AGREEMENT_LIMIT);
    System.out.printf(Locale.ROOT, "agreement with reference on non-separable matrices: %s (limit %.0e)%n",
        agrees ? "ok" : "FAILED", AGREEMENT_LIMIT);
    if (args.length > 0) {
      Files.writeString(Path.of(args[0]), json(machine, results), StandardCharsets.UTF_8);
      System.out.println("wrote " + args[0]);
    }
    if (!agrees) {
      System.exit(1);
    }
  }

  private static Result measure(int players, Random random) {
    int cells = players * players;
    double[] all = new double[MATRICES * cells];
    int separable = 0;
    for (int i = 0; i < MATRICES; i++) {
      double[] wins = RandomBattleMatrices.simulated(random, players, 0.4, 0.05);
      System.arraycopy(wins, 0, all, i * cells, cells);
      if (RandomBattleMatrices.separable(wins, players)) {
        separable++;
      }
    }
    BradleyTerryFit fit = new BradleyTerryFit();
    double[] wins = new double[cells];
    double[] ratings = new double[players];
    long iterations = 0;
    int maxIterations = 0;
    for (int round = 0; round < WARMUP_ROUNDS; round++) {
      fitAll(fit, all, wins, ratings, players);
    }
    double[] rates = new double[MEASURED_ROUNDS];
    double sink = 0;
    for (int round = 0; round < MEASURED_ROUNDS; round++) {
      long start = System.nanoTime();
      sink += fitAll(fit, all, wins, ratings, players);
      rates[round] = MATRICES / ((System.nanoTime() - start) * 1e-9);
    }
    for (int i = 0; i < MATRICES; i++) {
      System.arraycopy(all, i * cells, wins, 0, cells);
      int steps = fit.fit(wins, players, ratings);
      iterations += steps;
      maxIterations = Math.max(maxIterations, steps);
      if (!fit.last().converged()) {
        throw new IllegalStateException("matrix " + i + " did not converge");
      }
    }
    Arrays.sort(rates);
    if (sink == 42) {
      System.out.println("(sink)");
    }
    return agreement(players, all, random, fit, new Result(players, MATRICES, (double) separable / MATRICES,
        rates[rates.length - 1], rates[rates.length / 2], (double) iterations / MATRICES, maxIterations,
        0, 0, 0, 0));
  }

  /** Times the reference on a slice, and compares ratings: simulated slice plus dense matrices. */
  private static Result agreement(int players, double[] all, Random random, BradleyTerryFit fit, Result partial) {
    int cells = players * players;
    double ridge = fit.ridge();
    double[] ratings = new double[players];
    double maxNonSeparable = 0;
    double maxAll = 0;
    int checked = 0;
    long referenceNanos = 0;
    for (int i = 0; i < REFERENCE_MATRICES * 2; i++) {
      double[] wins = i < REFERENCE_MATRICES
          ? Arrays.copyOfRange(all, i * cells, (i + 1) * cells)
          : RandomBattleMatrices.dense(random, players);
      long start = System.nanoTime();
      double[] expected = ReferenceBradleyTerry.fit(wins, players, ridge, 1e-12);
      referenceNanos += System.nanoTime() - start;
      fit.fit(wins, players, ratings);
      double difference = 0;
      for (int p = 0; p < players; p++) {
        difference = Math.max(difference, Math.abs(expected[p] - ratings[p]));
      }
      maxAll = Math.max(maxAll, difference);
      if (!RandomBattleMatrices.separable(wins, players)) {
        maxNonSeparable = Math.max(maxNonSeparable, difference);
        checked++;
      }
    }
    return new Result(players, partial.matrices(), partial.separableShare(), partial.fitsPerSecondBest(),
        partial.fitsPerSecondMedian(), partial.meanIterations(), partial.maxIterations(),
        REFERENCE_MATRICES * 2 / (referenceNanos * 1e-9), checked, maxNonSeparable, maxAll);
  }

  private static double fitAll(BradleyTerryFit fit, double[] all, double[] wins, double[] ratings, int players) {
    int cells = players * players;
    double sink = 0;
    for (int i = 0; i < MATRICES; i++) {
      System.arraycopy(all, i * cells, wins, 0, cells);
      fit.fit(wins, players, ratings);
      sink += ratings[0];
    }
    return sink;
  }

  private static void print(Result r) {
    System.out.printf(Locale.ROOT,
        "%dx%d: %,.0f fits/s best, %,.0f median (%.2f us/fit), %.2f Newton steps mean, %d max, "
            + "%.0f%% separable; reference gradient ascent %,.0f fits/s -> Newton %.0fx faster; "
            + "max |rating diff| %.1e on %d non-separable, %.1e on all%n",
        r.players, r.players, r.fitsPerSecondBest, r.fitsPerSecondMedian, 1e6 / r.fitsPerSecondBest,
        r.meanIterations, r.maxIterations, 100 * r.separableShare, r.referenceFitsPerSecond,
        r.fitsPerSecondBest / r.referenceFitsPerSecond, r.maxDifferenceNonSeparable, r.agreementChecked,
        r.maxDifferenceAll);
  }

  private static String machineFacts() {
    String model = "unknown";
    String simd = "";
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name") && model.equals("unknown")) {
          model = line.substring(line.indexOf(':') + 1).trim();
        }
        if (line.startsWith("flags") && simd.isEmpty()) {
          List<String> flags = Arrays.asList(line.substring(line.indexOf(':') + 1).trim().split(" "));
          simd = String.join(" ", flags.stream().filter(f -> f.equals("avx2") || f.equals("avx512f") || f.equals("fma")).toList());
        }
      }
    } catch (IOException e) {
      model = "unknown (" + e.getMessage() + ")";
    }
    return String.format(Locale.ROOT, "machine: %d cores, %s, SIMD [%s], Java %s (%s), one thread",
        Runtime.getRuntime().availableProcessors(), model, simd,
        System.getProperty("java.version"), System.getProperty("java.vm.name"));
  }

  private static String json(String machine, List<Result> results) {
    StringBuilder out = new StringBuilder("{\n  \"machine\": \"").append(machine.replace("\"", "'")).append("\",\n");
    out.append(String.format(Locale.ROOT, "  \"goal_8x8_fits_per_second\": %.0f,%n", GOAL_8X8_FITS_PER_SECOND));
    out.append(String.format(Locale.ROOT, "  \"quoted_numpy_fits_per_second\": {\"4\": %.0f, \"8\": %.0f},%n",
        NUMPY_4X4_FITS_PER_SECOND, NUMPY_8X8_FITS_PER_SECOND));
    out.append("  \"results\": [\n");
    for (int i = 0; i < results.size(); i++) {
      Result r = results.get(i);
      out.append(String.format(Locale.ROOT,
          "    {\"players\": %d, \"matrices\": %d, \"separable_share\": %.4f, \"fits_per_second_best\": %.0f, "
              + "\"fits_per_second_median\": %.0f, \"mean_newton_steps\": %.3f, \"max_newton_steps\": %d, "
              + "\"reference_fits_per_second\": %.1f, \"agreement_checked\": %d, "
              + "\"max_abs_difference_non_separable\": %.3e, \"max_abs_difference_all\": %.3e}%s%n",
          r.players, r.matrices, r.separableShare, r.fitsPerSecondBest, r.fitsPerSecondMedian,
          r.meanIterations, r.maxIterations, r.referenceFitsPerSecond, r.agreementChecked,
          r.maxDifferenceNonSeparable, r.maxDifferenceAll, i + 1 < results.size() ? "," : ""));
    }
    return out.append("  ]\n}\n").toString();
  }
}
