package dev.tribunal.worker.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One chat message: in a request's messages, and as a chat choice's message (where content may be
 * null, for a server that answered with something else, such as tool calls).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Message(String role, String content) {}
