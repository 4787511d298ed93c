package dev.tribunal.jobs.io;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tribunal.schemas.AiLabelRow;
import dev.tribunal.schemas.CorpusPairRow;
import dev.tribunal.schemas.PreferencePairRow;
import java.util.Collections;
import java.util.Iterator;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * Pairs as TRL JSON Lines ({@link TrlRecords}): the records are made on the executors, then
 * written to one file by {@link TextFiles}.
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
