package dev.tribunal.jobs.io;

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
 */
final class ParseLines implements
    Function2<InputSplit, Iterator<Tuple2<LongWritable, Text>>, Iterator<PromptLineParser.Parsed>> {
  private final PromptLineParser parser;

  ParseLines(PromptLineParser parser) {
    this.parser = parser;
  }

  @Override
  public Iterator<PromptLineParser.Parsed> call(InputSplit split, Iterator<Tuple2<LongWritable, Text>> lines) {
    String source = ((FileSplit) split).getPath().toString();
    return new Iterator<>() {
      long line;
      PromptLineParser.Parsed next;

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
      public PromptLineParser.Parsed next() {
        if (!hasNext()) throw new NoSuchElementException();
        PromptLineParser.Parsed out = next;
        next = null;
        return out;
      }
    };
  }

  private static boolean isBlank(Text text) {
    byte[] b = text.getBytes();
    for (int i = 0; i < text.getLength(); i++) {
      if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') return false;
    }
    return true;
  }
}
