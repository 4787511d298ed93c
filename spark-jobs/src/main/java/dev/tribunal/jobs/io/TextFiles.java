package dev.tribunal.jobs.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;

/**
 * One text file from a dataset of lines: streamed a partition at a time to the driver (never
 * collected whole), written beside the target and renamed over it, so a failed write leaves no
 * half file under the name asked for.
 */
public final class TextFiles {
  private TextFiles() {}

  /** Writes the lines to {@code out}, in the dataset's order, and returns how many. */
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
      throw new UncheckedIOException("cannot move the file into place at " + target + " (left at " + partial + ")", e);
    }
    return n;
  }
}
