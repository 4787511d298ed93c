package dev.tribunal.worker.serve;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** An error answered in OpenAI's shape: {"error": {"message", "type", "param", "code"}}. */
final class ApiError extends RuntimeException {
  final int status;
  final String type;
  final String param;
  final String code;

  ApiError(int status, String type, String param, String code, String message) {
    super(message);
    this.status = status;
    this.type = type;
    this.param = param;
    this.code = code;
  }

  /** A request field that is missing, of the wrong type or out of range, named in param. */
  static ApiError badField(String param, String message) {
    return new ApiError(400, "invalid_request_error", param, null, param + ": " + message);
  }

  static ApiError badRequest(String message) {
    return new ApiError(400, "invalid_request_error", null, null, message);
  }

  static ApiError notFound(String code, String message) {
    return new ApiError(404, "invalid_request_error", null, code, message);
  }

  ObjectNode toJson() {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ObjectNode error = root.putObject("error");
    error.put("message", getMessage());
    error.put("type", type);
    error.put("param", param);
    error.put("code", code);
    return root;
  }
}
