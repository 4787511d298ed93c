package dev.tribunal.jobs.roles;

import dev.tribunal.schemas.ParseStatus;

import java.io.Serializable;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a role read from one model output: the raw text, always kept, a parse status, and the
 * value, present exactly when the status is {@link ParseStatus#OK}.
 */
public record Verdict<T>(String raw, ParseStatus status, T value) implements Serializable {
  public Verdict {
    Objects.requireNonNull(raw, "raw");
    Objects.requireNonNull(status, "status");
    if ((status == ParseStatus.OK) != (value != null)) {
      throw new IllegalArgumentException("a verdict carries a value exactly when its status is ok;"
          + " got status " + status.code() + " with value " + value);
    }
  }

  static <T> Verdict<T> ok(String raw, T value) {
    return new Verdict<>(raw, ParseStatus.OK, Objects.requireNonNull(value, "value"));
  }

  static <T> Verdict<T> failed(String raw, ParseStatus status) {
    return new Verdict<>(raw, status, null);
  }

  public boolean isOk() {
    return status == ParseStatus.OK;
  }

  public Optional<T> parsed() {
    return Optional.ofNullable(value);
  }

  <U> Verdict<U> map(Function<T, U> f) {
    return isOk() ? ok(raw, f.apply(value)) : failed(raw, status);
  }
}
