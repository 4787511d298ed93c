package dev.tribunal.worker.train;

import java.nio.file.Path;

/**
 * Where one training run reads and writes.
 *
 * @param parent     the checkpoint to start from (Hugging Face layout); also the lineage parent
 * @param output     the new checkpoint's directory; it must not exist (checkpoints are immutable)
 * @param metricsLog the JSONL file that receives one line per optimizer step
 * @param iteration  the self-improvement iteration the new checkpoint belongs to
 */
public record TrainingRun(Path parent, Path output, Path metricsLog, int iteration) {

  public TrainingRun {
    if (parent == null) throw new IllegalArgumentException("training run: parent checkpoint is missing");
    if (output == null) throw new IllegalArgumentException("training run: output checkpoint is missing");
    if (metricsLog == null) throw new IllegalArgumentException("training run: metrics log is missing");
    if (iteration < 0) throw new IllegalArgumentException("training run: iteration must be >= 0, was " + iteration);
    if (parent.toAbsolutePath().normalize().equals(output.toAbsolutePath().normalize())) {
      throw new IllegalArgumentException("training run: output " + output + " is the parent checkpoint itself");
    }
  }
}
