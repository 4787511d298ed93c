package dev.tribunal.jobs.io;

import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;

/**
 * Text lines, one split per file, so a task counts lines from the file's start and every
 * rejection can name its file:line. Parallelism comes from several files (compressed files are
 * never split anyway).
 */
public final class UnsplitTextInputFormat extends TextInputFormat {
  @Override
  protected boolean isSplitable(JobContext context, Path file) {
    return false;
  }
}
