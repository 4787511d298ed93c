package dev.tribunal.jobs.io;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tribunal.schemas.AiLabelRow;
import dev.tribunal.schemas.CorpusPairRow;
import dev.tribunal.schemas.PreferencePairRow;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Iterator;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * Pairs as TRL JSON Lines ({@link TrlRecords}): the records are made on the executors, then
 * streamed a partition at a time into one file, written beside the target and renamed over it,
 * so a failed export leaves no half file under the name asked for.
 */
public final class TrlExport {
  private TrlExport() {}

  /** AI-labeled corpus pairs; a pair whose label is missing or even gives no line. */
  public static Dataset<String> aiLabels(Dataset<Row> corpus, Dataset<Row> labels) {
    return corpus.joinWith(labels, corpus.col("pair_id").equalTo(labels.col("pair_id")))
        .flatMap(new Labeled(), Encoders.STRING());
  }

  public static Dataset<String> loop(Dataset<Row> pairs) {
    return pairs.map(new Loop(), Encoders.STRING());
  }

  /** Writes the lines to {@code out} and returns how many. */
  public static long write(Dataset<String> lines, FileSystem fs, String out) {
    Path target = fs.makeQualified(new Path(out));
    Path partial = new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".partial");
    long n = 0;
    try (OutputStream os = fs.create(partial, false)) {
      for (Iterator<String> it = lines.toLocalIterator(); it.hasNext(); n++) {
        os.write((it.next() + "\n").getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + partial, e);
    }
    try {
      if (fs.exists(target)) fs.delete(target, false);
      if (!fs.rename(partial, target)) throw new IOException("rename to " + target + " failed");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move the export into place at " + target + " (left at " + partial + ")", e);
    }
    return n;
  }

  private static final class Labeled implements FlatMapFunction<Tuple2<Row, Row>, String> {
    @Override
    public Iterator<String> call(Tuple2<Row, Row> t) {
      ObjectNode line = TrlRecords.labeled(CorpusPairRow.fromRow(t._1()), AiLabelRow.fromRow(t._2()));
      return line == null ? Collections.emptyIterator() : Collections.singletonList(line.toString()).iterator();
    }
  }

  private static final class Loop implements MapFunction<Row, String> {
    @Override
    public String call(Row r) {
      return TrlRecords.loop(PreferencePairRow.fromRow(r)).toString();
    }
  }
}
