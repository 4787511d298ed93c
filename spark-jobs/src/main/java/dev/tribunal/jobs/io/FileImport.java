package dev.tribunal.jobs.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tribunal.jobs.run.Stage;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A stage that imports files into the run (prompts or a preference corpus): the files, and their
 * fingerprints (path, size, time) as its external inputs, so changed files are a changed input.
 * Its configuration reads alike for every import: the input's format and size limit, the import's
 * own settings, then the files.
 */
abstract class FileImport implements Stage {
  final List<String> paths;
  private final Map<String, String> sources;

  FileImport(List<String> paths, Map<String, String> sources) {
    this.paths = List.copyOf(paths);
    this.sources = Map.copyOf(sources);
  }

  @Override
  public Map<String, String> externalInputs() {
    return sources;
  }

  /** The configuration: format and size limit, what {@code settings} adds, then the files. */
  JsonNode config(String format, int maxChars, Consumer<ObjectNode> settings) {
    ObjectNode c = new ObjectMapper().createObjectNode();
    c.put("format", format);
    c.put("max_prompt_chars", maxChars);
    settings.accept(c);
    paths.forEach(c.putArray("paths")::add);
    return c;
  }
}
