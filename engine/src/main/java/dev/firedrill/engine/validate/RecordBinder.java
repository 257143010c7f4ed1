package dev.firedrill.engine.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes the drill records from the tree that {@link StructureCheck} built and checked, by the same
 * {@link FieldRules} it checked them with: each record through its canonical constructor, lists as
 * {@link ArrayList}, maps as {@link LinkedHashMap} in file order, enums by their wire name, an
 * absent field as {@code null}. This is what Jackson's {@code treeToValue} gave for these types
 * ({@code RecordBinderTest} compares the two on every drill in the repository), without Jackson
 * building a deserializer for each of the drill's 32 record types on every start: that took 50–90
 * ms of a 0.35 s {@code firedrill lint} (docs/benchmarks.md, "Start time of the CLI").
 *
 * <p>Only what a checked tree can hold is bound. A type the model does not use (a free-form {@code
 * Object}, an array) is an {@link IllegalArgumentException}, which the loader reports as "cannot
 * read the drill"; {@code RecordBinderTest} binds every type the model declares.
 */
final class RecordBinder {

  private static final Map<Class<?>, Constructor<?>> CONSTRUCTORS = new ConcurrentHashMap<>();

  private RecordBinder() {}

  /** The value of {@code node} as {@code type}; {@code null} for an absent or null node. */
  static Object bind(JsonNode node, Type type) {
    Class<?> raw = StructureCheck.rawClass(type);
    if (node == null || node.isNull() || node.isMissingNode()) {
      return raw.isPrimitive() ? primitiveDefault(raw) : null;
    }
    if (raw.isRecord()) {
      return record(node, raw);
    }
    if (raw == List.class) {
      List<Object> out = new ArrayList<>(node.size());
      for (JsonNode item : node) {
        out.add(bind(item, typeArgument(type, 0)));
      }
      return out;
    }
    if (raw == Map.class) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        out.put(e.getKey(), bind(e.getValue(), typeArgument(type, 1)));
      }
      return out;
    }
    if (raw == String.class) {
      return node.asText();
    }
    if (raw == Integer.class || raw == int.class) {
      return node.intValue();
    }
    if (raw == Long.class || raw == long.class) {
      return node.longValue();
    }
    if (raw == Double.class || raw == double.class) {
      return node.doubleValue();
    }
    if (raw == Boolean.class || raw == boolean.class) {
      return node.booleanValue();
    }
    if (raw.isEnum()) {
      String wire = node.asText();
      for (Object constant : raw.getEnumConstants()) {
        if (StructureCheck.wireName((Enum<?>) constant).equals(wire)) {
          return constant;
        }
      }
      throw new IllegalArgumentException("'" + wire + "' is not a value of " + raw.getSimpleName());
    }
    throw new IllegalArgumentException("no binding for the type " + type.getTypeName());
  }

  private static Object record(JsonNode node, Class<?> recordClass) {
    Map<String, FieldRules> fields = FieldRules.of(recordClass);
    Object[] args = new Object[fields.size()];
    int i = 0;
    for (FieldRules field : fields.values()) {
      args[i++] = bind(node.get(field.wireName()), field.type());
    }
    Constructor<?> constructor = CONSTRUCTORS.computeIfAbsent(recordClass, RecordBinder::canonical);
    try {
      return constructor.newInstance(args);
    } catch (InvocationTargetException e) {
      // A compact constructor's own check; the message names what it refused.
      Throwable cause = e.getCause();
      throw new IllegalArgumentException(
          String.valueOf(cause == null ? e.getMessage() : cause.getMessage()), cause);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot make " + recordClass.getName(), e);
    }
  }

  private static Constructor<?> canonical(Class<?> recordClass) {
    var components = recordClass.getRecordComponents();
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      types[i] = components[i].getType();
    }
    try {
      Constructor<?> constructor = recordClass.getDeclaredConstructor(types);
      constructor.setAccessible(true);
      return constructor;
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("a record without its canonical constructor", e);
    }
  }

  private static Type typeArgument(Type type, int index) {
    if (type instanceof ParameterizedType p && p.getActualTypeArguments().length > index) {
      return p.getActualTypeArguments()[index];
    }
    return Object.class;
  }

  private static Object primitiveDefault(Class<?> type) {
    if (type == boolean.class) {
      return false;
    }
    if (type == double.class) {
      return 0.0;
    }
    if (type == long.class) {
      return 0L;
    }
    return 0;
  }
}
