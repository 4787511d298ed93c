package dev.tribunal.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a Hugging Face checkpoint's tokenizer_config.json (and chat_template.jinja) say about text:
 * the special tokens' texts and the chat template's Jinja source. Read without the tokenizer
 * itself, so a client of a served model renders chat exactly as the in-JVM runtime does.
 *
 * @param specialTokens bos_token, eos_token, pad_token, unk_token to their text, where named
 * @param chatTemplate  the Jinja source, or null when the checkpoint has none
 */
public record TokenizerConfig(Map<String, String> specialTokens, String chatTemplate) {
  public static final String FILE = "tokenizer_config.json";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] SPECIAL = {"bos_token", "eos_token", "pad_token", "unk_token"};

  public TokenizerConfig {
    specialTokens = Map.copyOf(specialTokens);
  }

  /** Reads dir/tokenizer_config.json (absent: no special tokens) and dir/chat_template.jinja. */
  public static TokenizerConfig read(Path dir) {
    JsonNode config = json(dir.resolve(FILE));
    Map<String, String> special = new LinkedHashMap<>();
    for (String name : SPECIAL) {
      JsonNode t = config.get(name); // a string, or an AddedToken object with "content"
      String text = t == null || t.isNull() ? null : t.isTextual() ? t.asText() : t.path("content").asText(null);
      if (text != null) special.put(name, text);
    }
    return new TokenizerConfig(special, template(dir, config));
  }

  /** The whole file as a tree (an empty object when absent), for keys of its own. */
  public static JsonNode json(Path file) {
    if (!Files.exists(file)) return JSON.createObjectNode();
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** chat_template.jinja (newer transformers) wins over tokenizer_config.json's chat_template. */
  private static String template(Path dir, JsonNode config) {
    try {
      Path jinja = dir.resolve("chat_template.jinja");
      if (Files.exists(jinja)) return Files.readString(jinja);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read chat_template.jinja in " + dir, e);
    }
    JsonNode t = config.get("chat_template");
    if (t == null || t.isNull()) return null;
    if (t.isTextual()) return t.asText();
    for (JsonNode named : t) { // a list of {name, template}: take "default"
      if ("default".equals(named.path("name").asText())) return named.path("template").asText();
    }
    return t.path(0).path("template").asText(null);
  }
}
