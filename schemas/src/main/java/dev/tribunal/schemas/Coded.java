package dev.tribunal.schemas;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * An enum stored in a table as a short string code. Tables hold codes rather than ordinals so
 * that notebooks and other languages read them without this library, and so that adding a
 * constant never changes the meaning of rows already written.
 */
public interface Coded {
  String name();

  /** The code written to the table: the constant's name in lower case unless overridden. */
  default String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The constant with this code; a clear error naming the column when there is none. */
  static <E extends Enum<E> & Coded> E parse(Class<E> type, String code, String column) {
    for (E constant : type.getEnumConstants()) {
      if (constant.code().equals(code)) {
        return constant;
      }
    }
    throw new IllegalArgumentException(column + ": unknown code '" + code + "', expected one of "
        + codes(type));
  }

  /** All codes of an enum, in declaration order. */
  static <E extends Enum<E> & Coded> java.util.List<String> codes(Class<E> type) {
    return Arrays.stream(type.getEnumConstants()).map(Coded::code).collect(Collectors.toList());
  }
}
