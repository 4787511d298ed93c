package dev.tribunal.worker.serve;

import com.fasterxml.jackson.databind.JsonNode;

/** The stream and stream_options.include_usage fields, shared by both routes. */
record Streaming(boolean on, boolean includeUsage) {

  static Streaming read(Fields f) {
    boolean on = f.bool("stream", false);
    JsonNode options = f.get("stream_options");
    if (options == null) return new Streaming(on, false);
    if (!on) throw ApiError.badField("stream_options", "needs stream: true");
    if (!options.isObject()) throw ApiError.badField("stream_options", "must be an object");
    return new Streaming(true, new Fields(options).bool("include_usage", false));
  }
}
