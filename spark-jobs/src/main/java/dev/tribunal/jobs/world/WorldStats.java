package dev.tribunal.jobs.world;

import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Character lengths of the world's texts. The embedded model reads and writes characters, so
 * these lengths are its context and decoding budgets.
 *
 * <p>Run: {@code java -cp spark-jobs/target/classes dev.tribunal.jobs.world.WorldStats [n] [seed]}
 */
public final class WorldStats {
  /** The maximum and mean length, in characters, of one kind of text. */
  public record Lengths(String text, int count, int max, double mean) {
    static Lengths of(String text, Stream<String> values) {
      IntSummaryStatistics s = values.mapToInt(String::length).summaryStatistics();
      return new Lengths(text, (int) s.getCount(), s.getCount() == 0 ? 0 : s.getMax(),
          s.getAverage());
    }
  }

  private WorldStats() {}

  /** Lengths over n examples of each kind. */
  public static List<Lengths> measure(WorldData data, int n) {
    List<Example.Sft> sft = data.sft(n);
    List<Example.Judge> judge = data.judge(n);
    List<Example.MetaJudge> meta = data.metaJudge(n);
    return List.of(
        lengths("prompt", sft, Example::user),
        Lengths.of("gold response", sft.stream().map(Example.Sft::assistant)),
        Lengths.of("judged response", judge.stream().map(Example.Judge::response)),
        lengths("judge prompt", judge, Example::user),
        lengths("judge target", judge, Example::assistant),
        lengths("meta-judge prompt", meta, Example::user),
        lengths("meta-judge target", meta, Example::assistant),
        Lengths.of("held-out prompt", data.heldOut(n).stream().map(Task::prompt)));
  }

  private static <E extends Example> Lengths lengths(String text, List<E> examples,
      Function<Example, String> field) {
    return Lengths.of(text, examples.stream().map(field));
  }

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 1L;
    System.out.printf(Locale.ROOT, "%-18s %6s %5s %7s%n", "text", "count", "max", "mean");
    for (Lengths l : measure(new WorldData(seed), n)) {
      System.out.printf(Locale.ROOT, "%-18s %6d %5d %7.1f%n", l.text(), l.count(), l.max(), l.mean());
    }
  }
}
