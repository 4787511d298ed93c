package dev.tribunal.worker.http;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Where an API key comes from: an environment variable name or a file path, never the key itself,
 * so a configuration can be printed, shipped to executors and stored without leaking it.
 * Both null means no key: a client sends none (a local vLLM), a server asks for none.
 */
public record ApiKeySource(String envVar, String file) implements Serializable {

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  public ApiKeySource {
    if (envVar != null && file != null) {
      throw new IllegalArgumentException("api key: give an environment variable or a file, not both");
    }
    if (envVar != null && !ENV_NAME.matcher(envVar).matches()) {
      throw new IllegalArgumentException("api key: '" + envVar + "' is not an environment variable name");
    }
    if (file != null && file.isBlank()) {
      throw new IllegalArgumentException("api key: the file path is empty");
    }
  }

  public static ApiKeySource none() {
    return new ApiKeySource(null, null);
  }

  public static ApiKeySource env(String name) {
    return new ApiKeySource(name, null);
  }

  public static ApiKeySource file(String path) {
    return new ApiKeySource(null, path);
  }

  /** Reads the key now; a named source that yields nothing is an error naming the source. */
  public Optional<Secret> read(UnaryOperator<String> getenv) {
    if (envVar != null) {
      String value = getenv.apply(envVar);
      if (value == null || value.isBlank()) {
        throw new IllegalStateException("api key: environment variable " + envVar + " is not set or empty");
      }
      return Optional.of(new Secret(value.strip()));
    }
    if (file != null) {
      return Optional.of(new Secret(readFile(Path.of(file))));
    }
    return Optional.empty();
  }

  private static String readFile(Path path) {
    try {
      String value = Files.readString(path, StandardCharsets.UTF_8).strip();
      if (value.isEmpty()) throw new IllegalStateException("api key: file " + path + " is empty");
      return value;
    } catch (IOException e) {
      // The exception text names the path and the failure; it cannot contain the key (unread).
      throw new UncheckedIOException("api key: cannot read file " + path, e);
    }
  }

  @Override
  public String toString() {
    if (envVar != null) return "env:" + envVar + " (value hidden)";
    if (file != null) return "file:" + file + " (value hidden)";
    return "none";
  }
}
