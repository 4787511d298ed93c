package dev.tribunal.worker.serve;

import java.util.List;

/**
 * A reply sent as server-sent events: each event is written as "data: JSON", then "data: [DONE]".
 * The worker API answers whole completions, so the events are cut from the finished reply; a
 * client still reads them as any OpenAI stream.
 */
record EventStream(List<Object> events) {}
