package dev.tribunal.jobs.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.tribunal.schemas.RejectReason;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.spark.api.java.function.Function2;
import scala.Tuple2;

/**
 * Parses one whole file of a preference corpus: JSON Lines, or one JSON array when its first
 * non-blank line opens one (AlpacaEval ships its annotations so). JSON Lines are parsed lazily, as
 * prompt files are ({@link ParseLines}); an array cannot be split into records line by line, so its
 * file is read whole, each element numbered by the line it starts on.
 */
final class ParsePairFiles implements
    Function2<InputSplit, Iterator<Tuple2<LongWritable, Text>>, Iterator<PairRecordParser.Parsed>> {
  private final PairRecordParser parser;

  ParsePairFiles(PairRecordParser parser) {
    this.parser = parser;
  }

  @Override
  public Iterator<PairRecordParser.Parsed> call(InputSplit split, Iterator<Tuple2<LongWritable, Text>> lines) {
    String source = ((FileSplit) split).getPath().toString();
    long line = 0;
    while (lines.hasNext()) {
      Text text = lines.next()._2();
      line++;
      if (ParseLines.isBlank(text)) continue;
      String s = text.toString();
      if (s.strip().startsWith("[")) return array(source, line, s, lines).iterator();
      // JSON Lines: the first record now (Hadoop reuses the buffer), the rest as they are asked for.
      PairRecordParser.Parsed first = parser.parse(source, line, text.getBytes(), text.getLength());
      return concat(first, ParseLines.lazily(source, line, lines, parser::parse));
    }
    return Collections.emptyIterator();
  }

  private static <T> Iterator<T> concat(T head, Iterator<T> rest) {
    return new Iterator<>() {
      boolean headServed;

      @Override
      public boolean hasNext() {
        return !headServed || rest.hasNext();
      }

      @Override
      public T next() {
        if (headServed) return rest.next();
        headServed = true;
        return head;
      }
    };
  }

  /** The rest of the file as one array; a break in it rejects the rest at the line it is found. */
  private List<PairRecordParser.Parsed> array(String source, long first, String head,
      Iterator<Tuple2<LongWritable, Text>> lines) {
    StringBuilder whole = new StringBuilder(head);
    while (lines.hasNext()) whole.append('\n').append(lines.next()._2().toString());
    List<PairRecordParser.Parsed> out = new ArrayList<>();
    try (JsonParser p = PairRecordParser.JSON.getFactory().createParser(whole.toString())) {
      p.nextToken();
      for (JsonToken t = p.nextToken(); t != null && t != JsonToken.END_ARRAY; t = p.nextToken()) {
        long line = first + p.getTokenLocation().getLineNr() - 1;
        com.fasterxml.jackson.databind.JsonNode node = PairRecordParser.JSON.readTree(p);
        out.add(parser.parse(source, line, node, node.toString()));
      }
    } catch (IOException e) {
      long at = e instanceof com.fasterxml.jackson.core.JsonProcessingException j && j.getLocation() != null
          ? first + j.getLocation().getLineNr() - 1 : first;
      out.add(PairRecordParser.reject(source, at, new PairFields.Bad(RejectReason.INVALID_JSON,
          "invalid JSON array, the rest of the file is not read: " + e.getMessage()), null));
    }
    return out;
  }
}
