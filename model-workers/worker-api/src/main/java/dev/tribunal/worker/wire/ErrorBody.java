package dev.tribunal.worker.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** An error answer in OpenAI's shape: {"error": {"message", "type", "param", "code"}}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ErrorBody(Detail error) {

  /**
   * What went wrong; param and code are written even when null, as OpenAI does.
   *
   * @param param the request field at fault, where one is
   * @param code  a string for OpenAI and us, a number (the HTTP status) for vLLM
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Detail(String message, String type, String param, Object code) {}
}
