package dev.firedrill.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one JSON mapper of the shop. Map keys are written sorted, so two services that hold the same
 * data (orders and its history projection) answer with byte-identical views; unknown request fields
 * are ignored, so clients may send more than a service reads.
 */
public final class ShopJson {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
          .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
          .build();

  private ShopJson() {}

  /** Serialises any record, map or list. */
  public static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads {@code json} as {@code type}.
   *
   * @throws IllegalArgumentException when the bytes are not JSON of that shape (a client error)
   */
  public static <T> T read(byte[] json, Class<T> type) {
    try {
      T value = MAPPER.readValue(json, type);
      if (value == null) {
        throw new IllegalArgumentException("expected a JSON object, got null");
      }
      return value;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "invalid JSON for " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The mapper itself, for tree reads. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }
}
