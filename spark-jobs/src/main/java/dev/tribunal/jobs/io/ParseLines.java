package dev.tribunal.jobs.io;

import java.io.Serializable;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.spark.api.java.function.Function2;
import scala.Tuple2;

/**
 * Parses one whole file's lines lazily, numbering them from 1. Blank lines are not records and
 * are passed over. Hadoop reuses its Text buffer, so each line is parsed before the next is read.
 *
 * @param <P> what one line parses into
 */
final class ParseLines<P> implements Function2<InputSplit, Iterator<Tuple2<LongWritable, Text>>, Iterator<P>> {

  /** Parses one line of a file (its bytes, UTF-8) into a record or a rejection. */
  interface LineParser<P> extends Serializable {
    P parse(String source, long line, byte[] bytes, int length);
  }

  private final LineParser<P> parser;

  ParseLines(LineParser<P> parser) {
    this.parser = parser;
  }

  @Override
  public Iterator<P> call(InputSplit split, Iterator<Tuple2<LongWritable, Text>> lines) {
    return lazily(((FileSplit) split).getPath().toString(), 0, lines, parser);
  }

  /** The records of the lines after line {@code read} (the ones already read), parsed as they are asked for. */
  static <P> Iterator<P> lazily(String source, long read, Iterator<Tuple2<LongWritable, Text>> lines,
      LineParser<P> parser) {
    return new Iterator<>() {
      long line = read;
      P next;

      @Override
      public boolean hasNext() {
        while (next == null && lines.hasNext()) {
          Text text = lines.next()._2();
          line++;
          if (!isBlank(text)) next = parser.parse(source, line, text.getBytes(), text.getLength());
        }
        return next != null;
      }

      @Override
      public P next() {
        if (!hasNext()) throw new NoSuchElementException();
        P out = next;
        next = null;
        return out;
      }
    };
  }

  static boolean isBlank(Text text) {
    byte[] b = text.getBytes();
    for (int i = 0; i < text.getLength(); i++) {
      if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') return false;
    }
    return true;
  }
}
