package dev.tribunal.worker.serve;

import dev.tribunal.worker.wire.ErrorBody;

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

  ErrorBody toBody() {
    return new ErrorBody(new ErrorBody.Detail(getMessage(), type, param, code));
  }
}
