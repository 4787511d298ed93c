package dev.tribunal.worker.djl.tokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The tokenizer of the project's own small model: one token per character (tab, newline and
 * printable ASCII), plus special tokens {@code <pad> <unk> <s> </s> <|system|> <|user|>
 * <|assistant|> <|end|>}. It ships as ordinary tokenizer.json / tokenizer_config.json resources
 * and is loaded through the same code as any Hugging Face checkpoint's, so the embedded model
 * exercises the real path. Decoding gives back the original text exactly (ASCII input).
 */
public final class EmbeddedTokenizer {

  public static final List<String> FILES = List.of("tokenizer.json", "tokenizer_config.json");
  /** 8 special tokens, tab, newline and the 95 printable ASCII characters. */
  public static final int VOCAB_SIZE = 105;
  public static final int PAD_ID = 0;
  public static final int BOS_ID = 2;
  public static final int END_ID = 7;

  private EmbeddedTokenizer() {}

  /** Writes the tokenizer files into dir (a checkpoint directory being assembled). */
  public static void writeTo(Path dir) {
    for (String name : FILES) {
      try (InputStream in = EmbeddedTokenizer.class.getResourceAsStream("/dev/tribunal/worker/djl/embedded/" + name)) {
        if (in == null) throw new IllegalStateException("embedded tokenizer resource missing: " + name);
        Files.createDirectories(dir);
        Files.copy(in, dir.resolve(name));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write embedded " + name + " into " + dir, e);
      }
    }
  }
}
