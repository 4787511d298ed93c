package dev.tribunal.worker.djl;

import ai.djl.ndarray.NDScope;
import dev.tribunal.worker.djl.checkpoint.Lineage;
import dev.tribunal.worker.djl.checkpoint.LlamaConfig;
import dev.tribunal.worker.djl.checkpoint.ShardedSafetensors;
import dev.tribunal.worker.djl.model.LlamaWeights;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Writes a checkpoint in Hugging Face layout (config.json, model.safetensors or shards with an
 * index, the tokenizer files) plus lineage.json. Checkpoints are immutable: everything is written
 * to a hidden sibling directory and renamed into place, so a reader never sees half a checkpoint,
 * and an existing directory is refused.
 */
public final class CheckpointWriter {

  /** Shards stay well under 2 GB, the largest array a Java buffer (and DJL) can address. */
  public static final long DEFAULT_SHARD_BYTES = 1L << 30;
  /** Tokenizer files copied from a source checkpoint, when present. */
  public static final List<String> TOKENIZER_FILES = List.of("tokenizer.json", "tokenizer_config.json",
      "generation_config.json", "special_tokens_map.json", "chat_template.jinja", "tokenizer.model");

  private CheckpointWriter() {}

  /**
   * Writes weights, their config, the tokenizer (tokenizer writes its files into the directory it
   * is given: {@code EmbeddedTokenizer::writeTo} or {@link #tokenizerFrom}) and the lineage.
   */
  public static Path write(Path dir, LlamaWeights weights, Consumer<Path> tokenizer, Lineage lineage) {
    return write(dir, weights, tokenizer, lineage, DEFAULT_SHARD_BYTES);
  }

  public static Path write(Path dir, LlamaWeights weights, Consumer<Path> tokenizer, Lineage lineage,
      long maxShardBytes) {
    return write(dir, weights.config(), tmp -> {
      try (NDScope scope = new NDScope()) { // toHf's views are freed here
        ShardedSafetensors.write(tmp, weights.toHf(), maxShardBytes);
      }
    }, tokenizer, lineage);
  }

  /**
   * Writes a checkpoint whose tensors another engine writes ({@code tensors} writes the
   * safetensors files into the directory it is given), with the same config, tokenizer and
   * lineage files and the same all-or-nothing rename.
   */
  public static Path write(Path dir, LlamaConfig config, Consumer<Path> tensors, Consumer<Path> tokenizer,
      Lineage lineage) {
    if (Files.exists(dir)) throw new IllegalArgumentException("checkpoint " + dir + " already exists; checkpoints are immutable");
    Path tmp = dir.resolveSibling("." + dir.getFileName() + ".tmp-" + UUID.randomUUID());
    try {
      Files.createDirectories(tmp);
      config.write(tmp);
      tensors.accept(tmp);
      tokenizer.accept(tmp);
      lineage.write(tmp);
      Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
      return dir;
    } catch (FileAlreadyExistsException e) {
      throw new IllegalArgumentException("checkpoint " + dir + " was written concurrently; checkpoints are immutable", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + dir, e);
    } finally {
      deleteQuietly(tmp);
    }
  }

  /** Copies the tokenizer files of an existing checkpoint (the parent's, usually). */
  public static Consumer<Path> tokenizerFrom(Path checkpoint) {
    return target -> {
      if (!Files.exists(checkpoint.resolve("tokenizer.json"))) {
        throw new IllegalArgumentException("no tokenizer.json in " + checkpoint);
      }
      for (String name : TOKENIZER_FILES) {
        Path source = checkpoint.resolve(name);
        try {
          if (Files.exists(source)) Files.copy(source, target.resolve(name));
        } catch (IOException e) {
          throw new UncheckedIOException("cannot copy " + source, e);
        }
      }
    };
  }

  private static void deleteQuietly(Path dir) {
    if (!Files.exists(dir)) return;
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a leftover hidden temporary directory is harmless
    }
  }
}
